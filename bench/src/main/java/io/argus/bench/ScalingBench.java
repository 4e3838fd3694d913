package io.argus.bench;

import io.argus.envelope.FrameEnvelope;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.JpegEncoder;
import io.argus.ingest.VideoFileCamera;
import io.argus.job.ArgusJob;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusOptions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * End to end, the way cameras really send: N cameras publish real frames of the sample video in real
 * time (capture time = send time) to Kafka; the Argus job (the real model, all sinks) runs unbounded in
 * a MiniCluster in this JVM and writes PostgreSQL. Per camera count: the offered and achieved frame
 * rate, capture-to-row latency (ai_events.created_at - ts, p50/p95), this JVM's CPU time per frame
 * (the job; the broker and the database run in their own processes) and the heap's peak.
 * The total frame rate stays the same for every N (fps per camera = total / N), so a flat CPU per
 * frame means the per-camera overhead (keys, state, timers, sinks) does not grow with the camera count.
 * By default the total is the job's measured ceiling (a backlog worked off first), at each of
 * {@code --loads} times it: above 1 the job is overloaded, frames wait in Kafka and every one must still
 * become a row, none dead-lettered.
 * args: JDBC URL, user, password, [--cameras 1,2,4,...] [--total-fps F] [--seconds S] [--append FILE] [--chart FILE];
 * the broker from the environment variable ARGUS_KAFKA_BOOTSTRAP (set by ./argus from the stack).
 */
public final class ScalingBench {
    private ScalingBench() {}

    /** Frames of the backlog that measures the ceiling. */
    private static final int CEILING_FRAMES = 200;

    record Point(int cameras, double offeredFps, long frames, double achievedFps, double p50Ms, double p95Ms, double cpuMsPerFrame, long heapPeakMb,
            long deadLettered, double publishSeconds) {}

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2], kafka = System.getenv("ARGUS_KAFKA_BOOTSTRAP");
        if (kafka == null) throw new IllegalArgumentException("ARGUS_KAFKA_BOOTSTRAP is not set (run it through ./argus bench scaling)");
        List<Integer> counts = List.of(1, 2, 4, 8, 16, 32);
        double totalFps = 0; // 0: the measured ceiling
        List<Double> loads = List.of(1.0, 1.5);
        int seconds = 40;
        Path append = null, chart = null;
        for (int i = 3; i < args.length; i += 2) {
            switch (args[i]) {
                case "--cameras" -> counts = java.util.Arrays.stream(args[i + 1].split(",")).map(String::trim).map(Integer::parseInt).toList();
                case "--total-fps" -> totalFps = args[i + 1].equals("ceiling") ? 0 : Double.parseDouble(args[i + 1]);
                case "--loads" -> loads = java.util.Arrays.stream(args[i + 1].split(",")).map(String::trim).map(Double::parseDouble).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--append" -> append = Path.of(args[i + 1]);
                case "--chart" -> chart = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--cameras, --total-fps, --loads, --seconds, --append, --chart)");
            }
        }
        io.argus.storage.SchemaMigrator.migrate(url, user, password);
        List<byte[]> jpegs = frames(Path.of(System.getProperty("argus.assets", "assets"), "media", "vtest.avi"), 120);
        // One unmeasured warm-up run: JIT, the model's first calls, Flink's class loading.
        measure(url, user, password, kafka, 1, 4, 5, jpegs);
        String offered = "%.1f frames/s in total".formatted(totalFps);
        if (totalFps <= 0) {
            // The ceiling: a backlog of one camera's frames, all sent at once, worked off as fast as the job can.
            Point backlog = measure(url, user, password, kafka, 1, CEILING_FRAMES, 1, jpegs);
            totalFps = backlog.achievedFps;
            offered = "the measured ceiling, %.2f frames/s (a %d-frame backlog worked off)".formatted(totalFps, CEILING_FRAMES);
        }
        System.out.printf(Locale.ROOT, "scaling: %s cameras at %s times %s, %d s each, %d distinct frames of the sample video%n",
                counts, loads, offered, seconds, jpegs.size());
        List<Point> points = new ArrayList<>();
        StringBuilder table = new StringBuilder("| load | cameras | fps per camera | frames | frames/s offered | frames/s achieved | latency p50 | latency p95 | CPU ms per frame | vs 1 camera | heap peak | dead-lettered |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder worst = new StringBuilder();
        for (double load : loads) {
            List<Point> atLoad = new ArrayList<>();
            for (int n : counts) {
                Point p = measure(url, user, password, kafka, n, totalFps * load, seconds, jpegs);
                atLoad.add(p);
                System.out.printf(Locale.ROOT, "  %.1fx, %2d cameras: %d frames, %.2f frames/s offered, %.2f achieved, latency p50 %.0f ms p95 %.0f ms, CPU %.1f ms/frame, heap peak %d MB, %d dead-lettered%n",
                        load, n, p.frames, p.offeredFps, p.achievedFps, p.p50Ms, p.p95Ms, p.cpuMsPerFrame, p.heapPeakMb, p.deadLettered);
            }
            double base = atLoad.get(0).cpuMsPerFrame;
            for (Point p : atLoad) {
                table.append(String.format(Locale.ROOT, "| %.1fx | %d | %.3f | %d | %.2f | %.2f | %.0f ms | %.0f ms | %.1f | %.2f | %d MB | %d |%n", load, p.cameras,
                        p.offeredFps / p.cameras, p.frames, p.offeredFps, p.achievedFps, p.p50Ms, p.p95Ms, p.cpuMsPerFrame, p.cpuMsPerFrame / base,
                        p.heapPeakMb, p.deadLettered));
            }
            worst.append(String.format(Locale.ROOT, "At %.1fx: largest CPU per frame vs 1 camera %.2fx (goal: within 1.15x).%n", load,
                    atLoad.stream().mapToDouble(p -> p.cpuMsPerFrame / base).max().orElse(1)));
            if (load == loads.get(0)) points = atLoad;
        }
        table.append("\n").append(worst);
        System.out.print(table);
        if (chart != null) {
            chart(points, chart.toFile());
            System.out.println("chart: " + chart);
        }
        if (append != null) {
            Files.writeString(append, "\n## End to end: scaling with the number of cameras (" + Instant.now() + ")\n\nCommand: `./argus bench scaling --cameras "
                    + String.join(",", counts.stream().map(String::valueOf).toList()) + " --loads " + String.join(",", loads.stream().map(String::valueOf).toList())
                    + " --seconds " + seconds + "` at " + offered
                    + " (ingest publishing in real time, local Kafka and PostgreSQL on the same machine, job at parallelism 1 with the real model on CPU;"
                    + " CPU is this JVM's, i.e. the job and the publisher, not the broker or the database)  \nMachine: " + Machine.describe()
                    + "\n\n" + table + (chart != null ? "\n![CPU per frame and latency by camera count](" + chart.getFileName() + ")\n" : ""),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The first {@code n} frames of the video at 5 frames/s, as the JPEGs ingest would send. */
    static List<byte[]> frames(Path video, int n) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (JpegEncoder enc = new JpegEncoder(0.85f)) {
            VideoFileCamera.read(video, 5, 0, false, (img, pts) -> {
                out.add(enc.encode(img));
                return out.size() < n;
            });
        }
        return out;
    }

    static Point measure(String url, String user, String password, String kafka, int cameras, double totalFps, int seconds, List<byte[]> jpegs)
            throws Exception {
        String topic = "scaling-" + cameras + "-" + System.nanoTime() + ".frames";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            // Every topic the job reads or writes: a missing output topic would stall the job (it now refuses to start).
            admin.createTopics(java.util.stream.Stream.of(topic, topic + ".dlq", topic + ".events")
                    .map(t -> new NewTopic(t, 1, (short) 1).configs(Map.of("retention.ms", "-1"))).toList()).all().get(60, TimeUnit.SECONDS);
        }
        BenchDatabase db = new BenchDatabase(url, user, password);
        db.truncate(BenchDatabase.EVENT_TABLES);
        ArgusJobConfig cfg = ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--kafka.bootstrap-servers", kafka,
            "--kafka.frames-topic", topic, "--kafka.dlq-topic", topic + ".dlq", "--kafka.events-topic", topic + ".events",
            "--kafka.group-id", topic, "--kafka.starting-offsets", "earliest", "--jdbc.url", url, "--jdbc.user", user, "--jdbc.password", password,
            "--model.path", Path.of(System.getProperty("argus.assets", "assets"), "models", "yolov8n.onnx").toAbsolutePath().toString(),
            "--parallelism", "1", "--checkpoint.interval", "5s", "--jdbc.batch-interval", "200ms"}));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        List<OnnxDetector> detectors = ArgusJob.define(env, cfg);
        JobClient job = env.executeAsync("argus-scaling-" + cameras);
        try {
            Thread.sleep(3000); // the job's start, so the first frames do not wait for it
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long p0 = System.nanoTime();
            long frames = publish(kafka, topic, cameras, totalFps, seconds, jpegs);
            double publishSeconds = (System.nanoTime() - p0) / 1e9;
            long deadline = System.currentTimeMillis() + 300_000;
            while (db.count("SELECT count(*) FROM ai_events") < frames) {
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("the job did not catch up within 5 min");
                Thread.sleep(100);
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            long heapPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) heapPeak += pool.getPeakUsage().getUsed();
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - ts) * 1000),"
                         + " percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - ts) * 1000),"
                         + " count(*) / greatest(extract(epoch FROM max(created_at) - min(ts)), 0.001) FROM ai_events")) {
                r.next();
                return new Point(cameras, totalFps, frames, r.getDouble(3), r.getDouble(1), r.getDouble(2), cpu / 1e6 / frames, heapPeak >> 20,
                        records(kafka, topic + ".dlq"), publishSeconds);
            }
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
            detectors.forEach(SharedDetectors::release);
        }
    }

    /** Records in a topic (all partitions). */
    static long records(String kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            var parts = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (var p : parts) latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest());
            return admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** Each camera sends at totalFps / cameras, capture time = now, for {@code seconds}; returns the frames sent. */
    static long publish(String kafka, String topic, int cameras, double totalFps, int seconds, List<byte[]> jpegs) throws Exception {
        long intervalNs = (long) (1e9 / totalFps); // cameras take turns: the total rate is what is offered
        long total = (long) (totalFps * seconds);
        long[] ids = new long[cameras];
        try (FramePublisher pub = new FramePublisher(kafka, topic)) {
            long t0 = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = t0 + i * intervalNs;
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                int cam = (int) (i % cameras);
                long id = ids[cam]++;
                byte[] jpeg = jpegs.get((int) (id % jpegs.size()));
                pub.publish(new FrameEnvelope("cam-" + cam, id, System.currentTimeMillis(), 768, 576, FrameEnvelope.CONTENT_TYPE_JPEG), jpeg);
            }
            pub.flush();
            if (pub.failed() > 0) throw new IllegalStateException(pub.failed() + " frames were not published", pub.lastError());
        }
        return total;
    }

    static void chart(List<Point> points, File out) throws Exception {
        XYSeries cpu = new XYSeries("CPU ms per frame");
        XYSeries p95 = new XYSeries("latency p95 (s)");
        for (Point p : points) {
            cpu.add(p.cameras, p.cpuMsPerFrame);
            p95.add(p.cameras, p.p95Ms / 1000);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Argus end to end: cost per frame by number of cameras", "cameras (same total frames/s)",
                "CPU ms per frame", new XYSeriesCollection(cpu));
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("cameras (same total frames/s)");
        x.setBase(2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
        plot.setDomainAxis(x);
        NumberAxis cpuAxis = (NumberAxis) plot.getRangeAxis();
        cpuAxis.setLowerBound(0);
        cpuAxis.setUpperBound(Math.max(1, cpu.getMaxY() * 1.4));
        NumberAxis latencyAxis = new NumberAxis("latency p95 (s)");
        latencyAxis.setLowerBound(0);
        latencyAxis.setUpperBound(Math.max(1, p95.getMaxY() * 1.4));
        plot.setRangeAxis(1, latencyAxis);
        plot.setDataset(1, new XYSeriesCollection(p95));
        plot.mapDatasetToRangeAxis(1, 1);
        for (int i = 0; i < 2; i++) {
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
            r.setSeriesPaint(0, i == 0 ? new Color(0x1f77b4) : new Color(0xd62728));
            r.setSeriesStroke(0, new BasicStroke(2f));
            plot.setRenderer(i, r);
        }
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(new Color(0xF7F7F7));
        ChartUtils.saveChartAsPNG(out, chart, 900, 420);
    }
}
