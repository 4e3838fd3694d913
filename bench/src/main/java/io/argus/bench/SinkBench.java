package io.argus.bench;

import io.argus.frame.InferenceResult;
import io.argus.job.AiEventRows;
import io.argus.job.CopyUpsertSink;
import io.argus.job.CsvLine;
import io.argus.job.DetectionRow;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusOptions;
import io.argus.job.JdbcSinks;
import io.argus.job.SchemaMigrator;
import io.argus.vision.Detection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import org.apache.flink.api.connector.sink2.Sink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Sink throughput, side by side in one run, per table (ai_events, then detections): a bare {@code COPY}
 * of the same rows into the same table (the database's own ceiling: the CSV is made before the clock
 * starts), the job's bulk sink ({@link io.argus.job.CopyUpsertSink}: COPY into a staging table and one
 * merge per batch) and the batched prepared upserts it replaced, both in a MiniCluster.
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
            for (int i = 0; i < r.detections.size(); i++) detections.add(DetectionRow.of(r.cameraId, r.modelId, r.captureTs, r.frameId, i, 0, r.detections.get(i)));
        }
        StringBuilder out = new StringBuilder();
        out.append(table("ai_events", db, measure(db, cfg, "ai_events", events, AiEventRows.TABLE, AiEventRows::encode,
                JdbcSinks.aiEvents(cfg.jdbc()), JdbcSinks.aiEventsByStatement(cfg.jdbc()))));
        out.append(table("detections", db, measure(db, cfg, "detections", detections, DetectionRow.TABLE, DetectionRow::encode,
                JdbcSinks.detections(cfg.jdbc()), JdbcSinks.detectionsByStatement(cfg.jdbc()))));
        System.out.print(out);
        if (append != null) {
            Files.writeString(append, "\n## Sink: bulk sinks vs bare COPY (" + Instant.now() + ")\n\nCommand: `./argus bench sink --rows " + rows
                    + "` (local PostgreSQL 15, plain; ai_events rows with 3 detections each, and their " + detections.size()
                    + " detections rows; batches of 2000; the table emptied before each path)  \nMachine: " + Machine.describe()
                    + "\n\n" + out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String table(String name, BenchDatabase db, List<Figure> figures) {
        double bare = figures.get(0).rowsPerS();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%s:%n%n| path | rows | rows/s | vs bare COPY |%n|---|---|---|---|%n", name));
        for (Figure f : figures) b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f |%n", f.path(), f.rows(), f.rowsPerS(), f.rowsPerS() / bare));
        return b.toString();
    }

    private static <T> List<Figure> measure(BenchDatabase db, ArgusJobConfig cfg, String name, List<T> data, CopyUpsertSink.Table table,
            CopyUpsertSink.RowEncoder<T> encoder, Sink<T> bulk, Sink<T> byStatement) throws Exception {
        List<Figure> figures = new ArrayList<>();
        db.truncate(name);
        StringBuilder csv = new StringBuilder();
        CsvLine line = new CsvLine();
        for (T r : data) {
            line.reset();
            encoder.encode(r, line);
            line.appendTo(csv);
        }
        try (Connection c = db.connect()) {
            long t0 = System.nanoTime();
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + name + " (" + String.join(", ", table.columns()) + ") FROM STDIN (FORMAT csv)", new java.io.StringReader(csv.toString()));
            figures.add(new Figure("bare COPY into the table", data.size(), data.size() / ((System.nanoTime() - t0) / 1e9)));
        }
        // Each sink's time is the job's time less that of the same job with a discarding sink (start,
        // shipping the rows, the source): what remains is the sink's own work, with nothing polling the database.
        double base = runSeconds(data, new DiscardingSink<>());
        for (var sink : List.of(java.util.Map.entry("Argus bulk sink (COPY + merge)", bulk),
                java.util.Map.entry("batched prepared upserts (the sink before)", byStatement))) {
            db.truncate(name);
            double seconds = runSeconds(data, sink.getValue()) - base;
            long written = db.count("SELECT count(*) FROM " + name);
            if (written != data.size()) throw new IllegalStateException(sink.getKey() + " wrote " + written + " of " + data.size() + " rows");
            figures.add(new Figure(sink.getKey(), data.size(), data.size() / seconds));
        }
        return figures;
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
        r.cameraId = camera;
        r.frameId = frameId;
        r.captureTs = captureTs;
        r.width = 768;
        r.height = 576;
        r.modelName = "yolov8n";
        r.modelVersion = "bench";
        r.modelId = "yolov8n:bench";
        r.provider = "CPU";
        r.batchSize = 1;
        return r;
    }
}
