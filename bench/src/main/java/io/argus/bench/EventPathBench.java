package io.argus.bench;

import io.argus.frame.InferenceResult;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusOptions;
import io.argus.job.ArgusPipeline;
import io.argus.job.Sinks;
import io.argus.sinks.JdbcSinks;
import io.argus.storage.SchemaMigrator;
import io.argus.vision.Detection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The event path without inference: synthetic detections (people walking across each camera's view,
 * through a zone and over a line) go through the job's own tracking, episodes, actions, rollups and
 * JDBC sinks into PostgreSQL, in a MiniCluster. Measured twice in one run: with the database sinks,
 * and with every sink discarding (the ceiling of the Flink part on this machine).
 * args: JDBC URL, user, password, [--detections N] [--cameras C] [--parallelism P] [--append FILE]
 */
public final class EventPathBench {
    private static final int PEOPLE = 8; // detections per frame
    private static final long FRAME_MS = 200; // 5 frames/s per camera

    private EventPathBench() {}

    /** Frame {@code seq} of the run: camera seq % C, its frame seq / C, {@code people} people at steady speeds. */
    static final class SyntheticDetections implements MapFunction<Long, InferenceResult> {
        private final int cameras;
        private final long start;
        private final long frameMs;
        private final int people;

        SyntheticDetections(int cameras, long start, long frameMs, int people) {
            this.cameras = cameras;
            this.start = start;
            this.frameMs = frameMs;
            this.people = people;
        }

        @Override
        public InferenceResult map(Long seq) {
            long frame = seq / cameras;
            InferenceResult r = SinkBench.result("bench-" + (seq % cameras), frame, start + frame * frameMs);
            List<Detection> d = new ArrayList<>(people);
            for (int p = 0; p < people; p++) {
                // Each walks down the frame at its own speed and comes back at the top: a new object.
                double speed = 0.002 + 0.0005 * p;
                float y = (float) ((0.05 * p + frame * speed) % 0.8);
                d.add(new Detection(0, "person", 0.6f + 0.04f * p, 0.05f + 0.11f * p, y, 0.06f, 0.18f));
            }
            r.detections = d;
            // As each camera's clock would stamp it: frames come in order, so its time is its capture time.
            r.cameraTime = r.captureTs();
            return r;
        }
    }

    record Result(long frames, long detections, double seconds, long rows) {}

    /** The bench's cameras file: a zone over the lower half and a line across the middle on every camera, so actions happen. */
    static Path camerasFile(int cameras) throws java.io.IOException {
        Path f = Files.createTempFile("argus-bench-cameras", ".yaml");
        StringBuilder yaml = new StringBuilder("models:\n  yolov8n: {path: " + Path.of(System.getProperty("argus.assets", "assets"), "models", "yolov8n.onnx").toAbsolutePath() + "}\ncameras:\n");
        for (int c = 0; c < cameras; c++) {
            yaml.append("  - id: bench-").append(c).append("\n    zones:\n      - {name: lower, polygon: [[0.0, 0.5], [1.0, 0.5], [1.0, 1.0], [0.0, 1.0]]}\n")
                    .append("    lines:\n      - {name: middle, from: [0.0, 0.4], to: [1.0, 0.4]}\n");
        }
        Files.writeString(f, yaml);
        return f;
    }

    static Result run(ArgusJobConfig cfg, long frames, int cameras, int parallelism, boolean database, String stateBackend) throws Exception {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.setString("state.backend.type", stateBackend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        long start = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        // One generator in capture order, stamped with each camera's time; the keyed scene operators spread out.
        DataStream<InferenceResult> detections = env.fromSequence(0, frames - 1).setParallelism(1).name("frame numbers")
                .map(new SyntheticDetections(cameras, start, FRAME_MS, PEOPLE)).setParallelism(1).name("synthetic detections");
        var j = cfg.jdbc();
        Sinks sinks = database ? Sinks.eventRows(j) : Sinks.discarding();
        detections.sinkTo(sinks.aiEvents()).name("ai_events sink");
        ArgusPipeline.events(detections, cfg, sinks);
        long t0 = System.nanoTime();
        env.execute("event-path-bench");
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = database ? new BenchDatabase(j.url(), j.user(), j.password()).count("SELECT count(*) FROM detections") : 0;
        return new Result(frames, frames * PEOPLE, seconds, rows);
    }

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2];
        long detections = 400_000;
        int cameras = 16, parallelism = 2;
        Path append = null;
        for (int i = 3; i < args.length; i += 2) {
            switch (args[i]) {
                case "--detections" -> detections = Long.parseLong(args[i + 1]);
                case "--cameras" -> cameras = Integer.parseInt(args[i + 1]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
                case "--append" -> append = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--detections, --cameras, --parallelism)");
            }
        }
        long frames = Math.max(cameras, detections / PEOPLE);
        Path camerasFile = camerasFile(cameras);
        ArgusJobConfig cfg = ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--jdbc.url", url, "--jdbc.user", user,
            "--jdbc.password", password, "--jdbc.batch-size", "1000", "--cameras.config", camerasFile.toString()}));
        SchemaMigrator.migrate(url, user, password);
        BenchDatabase bench = new BenchDatabase(url, user, password);
        bench.truncate(BenchDatabase.EVENT_TABLES);
        System.out.printf(Locale.ROOT, "event path: %d frames of %d cameras, %d detections, parallelism %d%n", frames, cameras, frames * PEOPLE, parallelism);
        Result discard = run(cfg, frames, cameras, parallelism, false, "hashmap");
        Result db = run(cfg, frames, cameras, parallelism, true, "hashmap");
        long episodes = bench.count("SELECT count(*) FROM episodes");
        long actions = bench.count("SELECT count(*) FROM actions");
        bench.truncate(BenchDatabase.EVENT_TABLES);
        Result rocks = run(cfg, frames, cameras, parallelism, true, "rocksdb");
        Files.deleteIfExists(camerasFile);
        for (Result r : List.of(db, rocks)) {
            if (r.rows != r.detections) throw new IllegalStateException("detections rows " + r.rows + " != " + r.detections + " detections");
        }
        if (bench.count("SELECT count(*) FROM episodes") != episodes) throw new IllegalStateException("RocksDB and heap runs found different episodes");
        int cores = Runtime.getRuntime().availableProcessors();
        String row = "| %s | %s | %d | %.1f | %.0f | %.0f |%n";
        String table = String.format(Locale.ROOT, "| sinks | state backend | detections | seconds | detections/s | per core (%d cores) |%n|---|---|---|---|---|---|%n", cores)
                + String.format(Locale.ROOT, row, "discarding (Flink part only)", "heap", discard.detections, discard.seconds, discard.detections / discard.seconds, discard.detections / discard.seconds / cores)
                + String.format(Locale.ROOT, row, "PostgreSQL (ai_events, detections, episodes, actions, rollups)", "heap", db.detections, db.seconds, db.detections / db.seconds, db.detections / db.seconds / cores)
                + String.format(Locale.ROOT, row, "PostgreSQL (ai_events, detections, episodes, actions, rollups)", "RocksDB (production)", rocks.detections, rocks.seconds, rocks.detections / rocks.seconds, rocks.detections / rocks.seconds / cores)
                + String.format(Locale.ROOT, "%nIn each database run: %d detection rows (= detections), %d episodes, %d actions. Job start included in seconds.%n", db.rows, episodes, actions);
        System.out.print(table);
        if (append != null) {
            Files.writeString(append, "\n## Event path: synthetic detections through tracking, episodes, actions, rollups and sinks (" + Instant.now()
                    + ")\n\nCommand: `./argus bench events --detections " + detections + " --cameras " + cameras + " --parallelism " + parallelism
                    + "` (local PostgreSQL 15 on the same machine; " + PEOPLE + " people per frame, 5 frames/s per camera, a zone and a line per camera)  \nMachine: "
                    + Machine.describe() + "\n\n" + table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
