package io.argus.bench;

import io.argus.frame.InferenceResult;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusOptions;
import io.argus.job.ArgusPipeline;
import io.argus.job.Sinks;
import io.argus.sinks.JdbcSinks;
import io.argus.storage.SchemaMigrator;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A simulated day (or more) of N cameras through the job's stateful path, as production runs it:
 * synthetic detections (people who walk through each view and come back as new objects; every odd
 * camera silent for two hours a day) through tracking, episodes, actions, rollups and the JDBC sinks
 * into PostgreSQL, on RocksDB with incremental checkpoints every 10 s. While it runs it samples, every
 * few seconds of wall time: the simulated hour reached, the heap in use after a full collection, the
 * size of RocksDB's working files, and detection rows written per second. Memory must stay flat: the
 * heap and the state of the last quarter of the day are compared with the second quarter's.
 * args: JDBC URL, user, password, [--hours H] [--cameras N] [--append FILE] [--chart PNG]
 */
public final class SoakBench {
    private static final long FRAME_MS = 2000; // a frame every 2 s per camera
    private static final int PEOPLE = 4;
    private static final long SAMPLE_MS = 5000;
    /** The capture time of the newest frame generated so far (the generator runs in this JVM). */
    static final AtomicLong NEWEST = new AtomicLong();

    private SoakBench() {}

    /** The run's frames in capture order; every odd camera sends nothing from 01:00 to 03:00 each day. */
    static final class Day implements FlatMapFunction<Long, InferenceResult> {
        private final EventPathBench.SyntheticDetections detections;
        private final int cameras;
        private final long start;

        Day(int cameras, long start) {
            this.detections = new EventPathBench.SyntheticDetections(cameras, start, FRAME_MS, PEOPLE);
            this.cameras = cameras;
            this.start = start;
        }

        @Override
        public void flatMap(Long seq, Collector<InferenceResult> out) {
            NEWEST.set(start + (seq / cameras) * FRAME_MS);
            if (!silent(seq, cameras)) out.collect(detections.map(seq));
        }
    }

    /** Whether frame {@code seq} falls in its camera's silence: odd cameras, 01:00 to 03:00 of each day of the run. */
    static boolean silent(long seq, int cameras) {
        long hourOfDay = Duration.ofMillis((seq / cameras) * FRAME_MS).toHours() % 24;
        return (seq % cameras) % 2 == 1 && hourOfDay >= 1 && hourOfDay < 3;
    }

    record Sample(double wallS, double simHour, long heapBytes, long stateBytes, long rows, double rowsPerS) {}

    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed by a compaction between listing and sizing
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2];
        int hours = 24, cameras = 16;
        Path append = null, chart = null;
        for (int i = 3; i < args.length; i += 2) {
            switch (args[i]) {
                case "--hours" -> hours = Integer.parseInt(args[i + 1]);
                case "--cameras" -> cameras = Integer.parseInt(args[i + 1]);
                case "--append" -> append = Path.of(args[i + 1]);
                case "--chart" -> chart = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--hours, --cameras, --append, --chart)");
            }
        }
        if (hours < 1 || cameras < 1) throw new IllegalArgumentException("--hours and --cameras must be at least 1");
        long frames = hours * 3_600_000L / FRAME_MS * cameras;
        Path camerasFile = EventPathBench.camerasFile(cameras);
        ArgusJobConfig cfg = ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--jdbc.url", url, "--jdbc.user", user,
            "--jdbc.password", password, "--jdbc.batch-size", "1000", "--cameras.config", camerasFile.toString()}));
        SchemaMigrator.migrate(url, user, password);
        BenchDatabase db = new BenchDatabase(url, user, password);
        db.truncate(BenchDatabase.EVENT_TABLES);

        Path work = Files.createTempDirectory("argus-soak-bench");
        Path rocks = work.resolve("rocksdb");
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("state.backend.incremental", "true");
        conf.setString("state.backend.rocksdb.localdir", rocks.toString());
        conf.setString("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(10_000, CheckpointingMode.EXACTLY_ONCE);
        long start = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        NEWEST.set(start);
        DataStream<InferenceResult> detections = env.fromSequence(0, frames - 1).setParallelism(1).name("frame numbers")
                .flatMap(new Day(cameras, start)).setParallelism(1).name("a simulated day");
        var j = cfg.jdbc();
        Sinks sinks = Sinks.eventRows(j);
        detections.sinkTo(sinks.aiEvents()).name("ai_events sink");
        ArgusPipeline.events(detections, cfg, sinks);
        System.out.printf(Locale.ROOT, "soak: %d h of %d cameras, a frame every %d s each, %d people per frame: %d frames%n", hours, cameras,
                FRAME_MS / 1000, PEOPLE, frames);

        List<Sample> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        JobClient job = env.executeAsync("argus-soak-bench");
        long lastRows = 0;
        double lastS = 0;
        var done = job.getJobExecutionResult();
        while (!done.isDone()) {
            try {
                done.get(SAMPLE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // sample below
            }
            double s = (System.nanoTime() - t0) / 1e9;
            long rows = db.count("SELECT count(*) FROM detections");
            Sample x = new Sample(s, (NEWEST.get() - start) / 3.6e6, heapAfterGc(), sizeOf(rocks), rows, (rows - lastRows) / (s - lastS));
            samples.add(x);
            lastRows = rows;
            lastS = s;
            System.out.printf(Locale.ROOT, "soak: %6.0f s  simulated %5.1f h  heap %4d MB  RocksDB %4d MB  %7d detection rows  %6.0f rows/s%n",
                    x.wallS, x.simHour, x.heapBytes >> 20, x.stateBytes >> 20, x.rows, x.rowsPerS);
        }
        done.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = db.count("SELECT count(*) FROM detections");
        long expected = expectedDetections(cameras, frames);
        long episodes = db.count("SELECT count(*) FROM episodes");
        long hourly = db.count("SELECT count(*) FROM rollups_hourly");
        Files.deleteIfExists(camerasFile);
        deleteTree(work);
        if (rows != expected) throw new IllegalStateException("detection rows " + rows + " != " + expected + " generated");

        String verdict = flatness(samples);
        String table = table(samples) + String.format(Locale.ROOT,
                "%nWhole run: %d detection rows (= generated) in %.0f s, %.0f rows/s; %d episodes; %d hourly rollup rows.%n%s%n",
                rows, seconds, rows / seconds, episodes, hourly, verdict);
        System.out.print(table);
        if (chart != null) chart(samples, chart.toFile());
        if (append != null) {
            Files.writeString(append, "\n## Soak: a simulated day through the stateful path, heap and state over time (" + Instant.now()
                    + ")\n\nCommand: `./argus bench soak --hours " + hours + " --cameras " + cameras + "` (synthetic detections: " + PEOPLE
                    + " people per frame, a frame every " + FRAME_MS / 1000 + " s per camera, odd cameras silent 01:00-03:00; tracking, episodes,"
                    + " actions, rollups and JDBC sinks into the local PostgreSQL 15; RocksDB, incremental checkpoints every 10 s, parallelism 2;"
                    + " heap sampled after a full GC)  \nMachine: " + Machine.describe() + "\n\n" + table
                    + (chart != null ? "\n![heap, state and rows/s over the simulated day](" + chart.getFileName() + ")\n" : ""),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Detections the run generates: people per frame over the frames that are not silent. */
    static long expectedDetections(int cameras, long frames) {
        long n = 0;
        for (long seq = 0; seq < frames; seq++) if (!silent(seq, cameras)) n += PEOPLE;
        return n;
    }

    /** One line per tenth of the run (by simulated time). */
    static String table(List<Sample> samples) {
        StringBuilder b = new StringBuilder("| simulated hour | wall s | heap after GC (MB) | RocksDB files (MB) | detection rows | rows/s |\n|---|---|---|---|---|---|\n");
        double step = samples.isEmpty() ? 1 : Math.max(1e-9, samples.get(samples.size() - 1).simHour / 10);
        double next = 0;
        for (Sample s : samples) {
            if (s.simHour + 1e-9 < next && s != samples.get(samples.size() - 1)) continue;
            b.append(String.format(Locale.ROOT, "| %.1f | %.0f | %d | %d | %d | %.0f |%n", s.simHour, s.wallS, s.heapBytes >> 20, s.stateBytes >> 20, s.rows, s.rowsPerS));
            next = s.simHour + step;
        }
        return b.toString();
    }

    /** Compares the largest heap and state of the last quarter of the run with the second quarter's. */
    static String flatness(List<Sample> samples) {
        if (samples.size() < 8) return "Too short to judge memory (fewer than 8 samples).";
        int n = samples.size();
        long heapQ2 = 0, heapQ4 = 0, stateQ2 = 0, stateQ4 = 0;
        for (int i = n / 4; i < n / 2; i++) {
            heapQ2 = Math.max(heapQ2, samples.get(i).heapBytes);
            stateQ2 = Math.max(stateQ2, samples.get(i).stateBytes);
        }
        for (int i = 3 * n / 4; i < n; i++) {
            heapQ4 = Math.max(heapQ4, samples.get(i).heapBytes);
            stateQ4 = Math.max(stateQ4, samples.get(i).stateBytes);
        }
        return String.format(Locale.ROOT, "Memory: heap after GC peaks at %d MB in the second quarter of the run and %d MB in the last (%.2fx);"
                + " RocksDB files %d MB and %d MB (%.2fx).", heapQ2 >> 20, heapQ4 >> 20, (double) heapQ4 / Math.max(1, heapQ2),
                stateQ2 >> 20, stateQ4 >> 20, (double) stateQ4 / Math.max(1, stateQ2));
    }

    static void chart(List<Sample> samples, File out) throws IOException {
        XYSeries heap = new XYSeries("heap after GC (MB)");
        XYSeries state = new XYSeries("RocksDB files (MB)");
        XYSeries rate = new XYSeries("detection rows/s");
        for (Sample s : samples) {
            heap.add(s.simHour, s.heapBytes / 1048576.0);
            state.add(s.simHour, s.stateBytes / 1048576.0);
            rate.add(s.simHour, s.rowsPerS);
        }
        XYSeriesCollection mb = new XYSeriesCollection(heap);
        mb.addSeries(state);
        JFreeChart c = ChartFactory.createXYLineChart("Argus soak: memory and rows over a simulated day", "simulated hour", "MB", mb);
        XYPlot plot = c.getXYPlot();
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        NumberAxis rows = new NumberAxis("detection rows/s");
        rows.setAutoRangeIncludesZero(true);
        plot.setRangeAxis(1, rows);
        plot.setDataset(1, new XYSeriesCollection(rate));
        plot.mapDatasetToRangeAxis(1, 1);
        Color[][] colors = {{new Color(0x1f77b4), new Color(0x2ca02c)}, {new Color(0xd62728)}};
        for (int i = 0; i < 2; i++) {
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            for (int k = 0; k < colors[i].length; k++) {
                r.setSeriesPaint(k, colors[i][k]);
                r.setSeriesStroke(k, new BasicStroke(2f));
            }
            plot.setRenderer(i, r);
        }
        c.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(new Color(0xF7F7F7));
        ChartUtils.saveChartAsPNG(out, c, 900, 420);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
