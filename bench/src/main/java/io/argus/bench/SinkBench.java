package io.argus.bench;

import io.argus.envelope.FrameEnvelope;
import io.argus.frame.InferenceResult;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusOptions;
import io.argus.sinks.AiEventRows;
import io.argus.sinks.CopyUpsertSink;
import io.argus.sinks.CsvLine;
import io.argus.sinks.DetectionRows;
import io.argus.sinks.JdbcSinks;
import io.argus.storage.SchemaMigrator;
import io.argus.udf.scene.DetectionRow;
import io.argus.vision.Detection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Sink throughput, side by side in one run, per table (ai_events, then detections): a bare {@code COPY}
 * of the same rows into the same table (the database's own ceiling: the CSV is made before the clock
 * starts), the job's bulk sink ({@link io.argus.sinks.CopyUpsertSink}) on new rows and on a replay of
 * them, and the batched prepared upserts it replaced, in a MiniCluster; then what each secondary index
 * costs the bare COPY.
 * args: JDBC URL, user, password, rows, [--append FILE]
 */
public final class SinkBench {
    private SinkBench() {}

    record Figure(String path, long rows, double rowsPerS) {}

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2];
        int rows = Integer.parseInt(args[3]);
        Path append = args.length > 5 && args[4].equals("--append") ? Path.of(args[5]) : null;
        SchemaMigrator.migrate(url, user, password);
        BenchDatabase db = new BenchDatabase(url, user, password);
        ArgusJobConfig cfg = ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--jdbc.url", url, "--jdbc.user", user,
            "--jdbc.password", password, "--jdbc.batch-size", "2000"}));
        List<InferenceResult> events = rows(rows, 0);
        List<DetectionRow> detections = new ArrayList<>();
        for (InferenceResult r : events) {
            for (int i = 0; i < r.detections.size(); i++) detections.add(DetectionRow.of(r.cameraId(), r.modelId, r.captureTs(), r.frameId(), i, 0, r.detections.get(i)));
        }
        boolean timescale;
        try (Connection c = db.connect()) {
            timescale = io.argus.storage.TimescaleExtension.installed(c);
        }
        StringBuilder out = new StringBuilder();
        out.append(table("ai_events", "bare COPY", measure(db, cfg, "ai_events", events, AiEventRows.TABLE, AiEventRows::encode,
                JdbcSinks.aiEvents(cfg.jdbc()), JdbcSinks.aiEventsByStatement(cfg.jdbc()))));
        out.append(table("detections", "bare COPY", measure(db, cfg, "detections", detections, DetectionRows.TABLE, DetectionRows::encode,
                JdbcSinks.detections(cfg.jdbc()), JdbcSinks.detectionsByStatement(cfg.jdbc()))));
        // On TimescaleDB: the hypertable against a plain table, and the index costs measured on plain
        // tables (B-tree costs, and a primary key a compressed hypertable would not let the benchmark swap).
        BenchDatabase indexDb = db;
        if (timescale) {
            Plain plain = plainTwin(url, user, password, db);
            out.append(backends(db, cfg, plain, detections));
            indexDb = plain.db();
        }
        out.append(table("ai_events, what its indexes cost", "every index",
                indexCosts(indexDb, "ai_events", events.size(), AiEventRows.TABLE, csv(events, AiEventRows::encode))));
        out.append(table("detections, what its indexes cost", "every index",
                indexCosts(indexDb, "detections", detections.size(), DetectionRows.TABLE, csv(detections, DetectionRows::encode))));
        System.out.print(out);
        if (append != null) {
            Files.writeString(append, "\n## Sink: bulk sinks vs bare COPY (" + Instant.now() + ")\n\nCommand: `./argus bench sink --rows " + rows
                    + "` (local PostgreSQL 15, " + (timescale ? "TimescaleDB hypertables, index costs on plain tables" : "plain tables") + "; ai_events rows with 3 detections each, and their " + detections.size()
                    + " detections rows; batches of 2000; the table emptied before each path but the replay, which writes the rows just written again; then index costs)  \nMachine: " + Machine.describe()
                    + "\n\n" + out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** A database with plain tables (argus.storage.timescaledb=off) beside the benchmark's, on the same server. */
    record Plain(BenchDatabase db, ArgusJobConfig cfg) {}

    static Plain plainTwin(String url, String user, String password, BenchDatabase db) throws Exception {
        String name = "argus_bench_plain";
        try (Connection c = db.connect(); var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        String plainUrl = url.replaceAll("/[^/?]+(\\?.*)?$", "/" + name + "$1");
        SchemaMigrator.migrate(plainUrl, user, password, io.argus.storage.StorageOptions.builder()
                .timescaledb(io.argus.storage.TimescaleMode.OFF).build(), null);
        return new Plain(new BenchDatabase(plainUrl, user, password), ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--jdbc.url", plainUrl,
            "--jdbc.user", user, "--jdbc.password", password, "--jdbc.batch-size", "2000"})));
    }

    /** The same detections into a TimescaleDB hypertable and into a plain table, interleaved rounds, same server. */
    private static String backends(BenchDatabase db, ArgusJobConfig cfg, Plain plain, List<DetectionRow> detections) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (boolean hyper : new boolean[] {true, false}) {
                BenchDatabase d = hyper ? db : plain.db();
                ArgusJobConfig c = hyper ? cfg : plain.cfg();
                List<Figure> f = measure(d, c, "detections", detections, DetectionRows.TABLE, DetectionRows::encode, JdbcSinks.detections(c.jdbc()), null);
                String where = hyper ? "hypertable (TimescaleDB)" : "plain table";
                figures.add(new Figure("round " + (round + 1) + ", " + where + ": bare COPY", f.get(0).rows(), f.get(0).rowsPerS()));
                figures.add(new Figure("round " + (round + 1) + ", " + where + ": Argus bulk sink", f.get(1).rows(), f.get(1).rowsPerS()));
            }
        }
        return table("detections into a hypertable vs a plain table (same rows, same server, interleaved rounds)", "the first", figures);
    }

    /** A markdown table of figures, each as a ratio to the first. */
    private static String table(String name, String first, List<Figure> figures) {
        double bare = figures.get(0).rowsPerS();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%s:%n%n| path | rows | rows/s | vs %s |%n|---|---|---|---|%n", name, first));
        for (Figure f : figures) b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f |%n", f.path(), f.rows(), f.rowsPerS(), f.rowsPerS() / bare));
        return b.toString();
    }

    private static <T> String csv(List<T> data, CopyUpsertSink.RowEncoder<T> encoder) {
        StringBuilder csv = new StringBuilder();
        CsvLine line = new CsvLine();
        for (T r : data) {
            line.reset();
            encoder.encode(r, line);
            line.appendTo(csv);
        }
        return csv.toString();
    }

    private static <T> List<Figure> measure(BenchDatabase db, ArgusJobConfig cfg, String name, List<T> data, CopyUpsertSink.Table table,
            CopyUpsertSink.RowEncoder<T> encoder, Sink<T> bulk, Sink<T> byStatement) throws Exception {
        List<Figure> figures = new ArrayList<>();
        db.truncate(name);
        String csv = csv(data, encoder);
        try (Connection c = db.connect()) {
            long t0 = System.nanoTime();
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + name + " (" + String.join(", ", table.columns()) + ") FROM STDIN (FORMAT csv)", new java.io.StringReader(csv));
            figures.add(new Figure("bare COPY into the table", data.size(), data.size() / ((System.nanoTime() - t0) / 1e9)));
        }
        // Each sink's time is the job's time less that of the same job with a discarding sink (start,
        // shipping the rows, the source): what remains is the sink's own work, with nothing polling the database.
        double base = runSeconds(data, new DiscardingSink<>());
        // The bulk sink twice: new rows (straight COPY), then the same rows again, as a replay writes them (the upsert way).
        List<java.util.Map.Entry<String, Sink<T>>> paths = byStatement == null
                ? List.of(java.util.Map.entry("Argus bulk sink, new rows (straight COPY)", bulk))
                : List.of(java.util.Map.entry("Argus bulk sink, new rows (straight COPY)", bulk),
                        java.util.Map.entry("Argus bulk sink, a replay of the same rows (staging COPY + merge)", bulk),
                        java.util.Map.entry("batched prepared upserts (the sink before)", byStatement));
        for (var sink : paths) {
            if (!sink.getKey().contains("replay")) db.truncate(name);
            double seconds = runSeconds(data, sink.getValue()) - base;
            long written = db.count("SELECT count(*) FROM " + name);
            if (written != data.size()) throw new IllegalStateException(sink.getKey() + " left " + written + " of " + data.size() + " rows");
            figures.add(new Figure(sink.getKey(), data.size(), data.size() / seconds));
        }
        return figures;
    }

    /** Older rows in the table while the index costs are measured, per row copied: indexes that hold earlier days. */
    private static final int HISTORY_COPIES = 3;
    private static final int INDEX_ROUNDS = 3;

    /**
     * What each index costs a bare COPY into a table that already holds {@value #HISTORY_COPIES} times the
     * rows (copies of them on earlier days with random ids): the same COPY with everything, with each
     * secondary index dropped, with none, and with the primary key in time order ({@code (ts, id)}
     * instead of {@code (id, ts)}), each in a transaction that is rolled back so the next starts alike.
     */
    private static List<Figure> indexCosts(BenchDatabase db, String name, int rows, CopyUpsertSink.Table table, String csv) throws Exception {
        String columns = String.join(", ", table.columns());
        db.truncate(name);
        try (Connection c = db.connect()) {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + name + " (" + columns + ") FROM STDIN (FORMAT csv)", new java.io.StringReader(csv));
            try (var s = c.createStatement()) {
                String older = columns.replaceFirst("\\bid\\b", "gen_random_uuid()").replaceFirst("\\bts\\b", "ts - make_interval(days => d)");
                s.execute("INSERT INTO " + name + " (" + columns + ") SELECT " + older + " FROM " + name + ", generate_series(1, " + HISTORY_COPIES + ") d");
                s.execute("DELETE FROM " + name + " WHERE ts > now() - interval '20 hours'"); // keep only the history
                s.execute("VACUUM ANALYZE " + name);
            }
        }
        List<String> indexes = new ArrayList<>();
        try (Connection c = db.connect(); var s = c.createStatement(); var r = s.executeQuery(
                "SELECT indexname FROM pg_indexes WHERE tablename = '" + name + "' AND indexname NOT LIKE '%_pkey' ORDER BY indexname")) {
            while (r.next()) indexes.add(r.getString(1));
        }
        java.util.Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
        variants.put("with every index", List.of());
        for (String i : indexes) variants.put("without " + i, List.of("DROP INDEX " + i));
        variants.put("without any secondary index", indexes.stream().map(i -> "DROP INDEX " + i).toList());
        variants.put("primary key in time order (ts, id)", List.of("ALTER TABLE " + name + " DROP CONSTRAINT " + name + "_pkey",
                "ALTER TABLE " + name + " ADD PRIMARY KEY (ts, id)"));
        // Interleaved rounds, the median of each: one pass is as noisy as the differences measured. A
        // rolled-back COPY leaves dead rows and index entries behind, so a VACUUM follows each.
        java.util.Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        for (int round = 0; round < INDEX_ROUNDS; round++) {
            for (var v : variants.entrySet()) {
                try (Connection c = db.connect()) {
                    c.setAutoCommit(false);
                    try (var s = c.createStatement()) {
                        for (String ddl : v.getValue()) s.execute(ddl);
                    }
                    long t0 = System.nanoTime();
                    c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                            .copyIn("COPY " + name + " (" + columns + ") FROM STDIN (FORMAT csv)", new java.io.StringReader(csv));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    c.rollback();
                    c.setAutoCommit(true);
                    try (var s = c.createStatement()) {
                        s.execute("VACUUM " + name);
                    }
                    rates.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(rows / seconds);
                }
            }
        }
        List<Figure> out = new ArrayList<>();
        rates.forEach((variant, r) -> out.add(new Figure("bare COPY beside " + HISTORY_COPIES + "x the rows, " + variant + " (median of "
                + INDEX_ROUNDS + ")", rows, InferenceBench.median(r))));
        return out;
    }

    /** Seconds to run a one-subtask job that sends {@code data} to {@code sink}, job start included. */
    private static <T> double runSeconds(List<T> data, Sink<T> sink) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(data).sinkTo(sink);
        long t0 = System.nanoTime();
        env.execute("sink-bench");
        return (System.nanoTime() - t0) / 1e9;
    }

    static List<InferenceResult> rows(int n, long base) {
        List<InferenceResult> out = new ArrayList<>(n);
        long ts = System.currentTimeMillis() - 3_600_000L;
        for (int i = 0; i < n; i++) {
            InferenceResult r = result("bench-" + (i % 8), base + i, ts + i);
            r.inferenceMs = 60;
            r.detections = List.of(new Detection(0, "person", 0.9f, 0.1f, 0.2f, 0.1f, 0.3f),
                    new Detection(0, "person", 0.8f, 0.5f, 0.2f, 0.1f, 0.3f), new Detection(2, "car", 0.7f, 0.6f, 0.6f, 0.3f, 0.2f));
            out.add(r);
        }
        return out;
    }

    /** A 768x576 frame's result from the bundled model on CPU, batch 1, no detections yet. */
    static InferenceResult result(String camera, long frameId, long captureTs) {
        InferenceResult r = new InferenceResult();
        r.envelope = new FrameEnvelope(camera, frameId, captureTs, 768, 576, FrameEnvelope.CONTENT_TYPE_JPEG);
        r.modelName = "yolov8n";
        r.modelVersion = "bench";
        r.modelId = "yolov8n:bench";
        r.provider = "CPU";
        r.batchSize = 1;
        return r;
    }
}
