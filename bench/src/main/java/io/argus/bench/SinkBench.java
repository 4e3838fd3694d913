package io.argus.bench;

import io.argus.frame.InferenceResult;
import io.argus.job.AiEventRows;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusOptions;
import io.argus.job.JdbcSinks;
import io.argus.job.SchemaMigrator;
import io.argus.vision.Detection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Sink throughput: the job's ai_events sink (flink-connector-jdbc, batched upserts) against a bare
 * batched JDBC upsert of the same rows into the same database, in one run.
 * args: JDBC URL, user, password, rows, [--append FILE]
 */
public final class SinkBench {
    private SinkBench() {}

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2];
        int rows = Integer.parseInt(args[3]);
        Path append = args.length > 5 && args[4].equals("--append") ? Path.of(args[5]) : null;
        SchemaMigrator.migrate(url, user, password);
        BenchDatabase db = new BenchDatabase(url, user, password);
        List<InferenceResult> data = rows(rows, 0);

        db.truncate("ai_events");
        long t0 = System.nanoTime();
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(url, props); PreparedStatement ps = c.prepareStatement(AiEventRows.UPSERT)) {
            c.setAutoCommit(true);
            int n = 0;
            for (InferenceResult r : data) {
                AiEventRows.bind(ps, r);
                ps.addBatch();
                if (++n % 500 == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
        double bare = rows / ((System.nanoTime() - t0) / 1e9);

        db.truncate("ai_events");
        ArgusJobConfig cfg = ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--jdbc.url", url, "--jdbc.user", user,
            "--jdbc.password", password, "--jdbc.batch-size", "500"}));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(data).sinkTo(JdbcSinks.aiEvents(cfg.jdbc()));
        // Two figures: wall time including the job's start (MiniCluster, shipping the rows in the job
        // graph), and the sink's own rate from its first row in the table to its last (a poller).
        long[] firstLast = new long[3];
        Thread poller = new Thread(() -> poll(url, user, password, rows, firstLast), "row-poller");
        poller.setDaemon(true);
        poller.start();
        long t1 = System.nanoTime();
        env.execute("sink-bench");
        double job = rows / ((System.nanoTime() - t1) / 1e9);
        poller.join(10_000);
        double steady = firstLast[1] > firstLast[0] ? (rows - firstLast[2]) / ((firstLast[1] - firstLast[0]) / 1e9) : Double.NaN;
        long written = db.count("SELECT count(*) FROM ai_events");
        if (written != rows) throw new IllegalStateException("the job's sink wrote " + written + " of " + rows + " rows");
        String table = String.format(Locale.ROOT, "| path | rows | rows/s | ratio |%n|---|---|---|---|%n"
                + "| bare batched JDBC upsert (batches of 500) | %d | %.0f | 1.00 |%n"
                + "| Argus ai_events sink in a MiniCluster, first row to last | %d | %.0f | %.2f |%n"
                + "| Argus ai_events sink in a MiniCluster, job start included | %d | %.0f | %.2f |%n",
                rows, bare, rows, steady, steady / bare, rows, job, job / bare);
        System.out.print(table);
        if (append != null) {
            Files.writeString(append, "\n## Sink: job sink vs bare JDBC (" + Instant.now() + ")\n\nCommand: `./argus bench sink --rows " + rows
                    + "` (local PostgreSQL 15, plain; each row an ai_events upsert with 3 detections)  \nMachine: " + Machine.describe()
                    + "\n\n" + table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Records when the table got its first rows (and how many) and when it had all of them (nanoTime; 20 ms resolution). */
    private static void poll(String url, String user, String password, long rows, long[] firstLast) {
        try (Connection c = new BenchDatabase(url, user, password).connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ai_events")) {
            while (true) {
                long n;
                try (var r = ps.executeQuery()) {
                    r.next();
                    n = r.getLong(1);
                }
                long now = System.nanoTime();
                if (n > 0 && firstLast[0] == 0) {
                    firstLast[0] = now;
                    firstLast[2] = n; // rows already there: not counted in the rate
                }
                if (n >= rows) {
                    firstLast[1] = now;
                    return;
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            System.err.println("row poller: " + e);
        }
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
