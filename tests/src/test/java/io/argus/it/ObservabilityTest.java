package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.TestAssets;
import io.argus.envelope.FrameEnvelope;
import io.argus.grafana.GrafanaMacros;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.job.ArgusJob;
import io.argus.report.ReportMain;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;

/**
 * What operators and analysts look at, checked on one real run of the job (real broker, MiniCluster,
 * real model, real database; a camera with a zone and a line): the Prometheus endpoint while the job
 * runs, every SQL panel of the Grafana dashboards (macros expanded as Grafana does) and the PromQL
 * of the pipeline dashboard, and the HTML report.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ObservabilityTest {
    private static final int FRAMES = 60; // 20 s of the sample video at 3 fps
    private static final String CAMERA = "obs-plaza";
    private static final int PROM_PORT = freePort();
    private static final Path ROOT = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(2, reporters());

    private static LocalStack stack;
    private static String db;
    /** Per metric family: the largest sum over its series seen in any scrape while the job ran. */
    private static final Map<String, Double> scraped = new ConcurrentHashMap<>();
    private static final Set<String> summaryQuantiles = ConcurrentHashMap.newKeySet();
    private static int scrapes;

    private static Configuration reporters() {
        Configuration c = CapturingReporter.configure();
        c.setString("metrics.reporter.prom.factory.class", "io.argus.metrics.BoundPrometheusReporterFactory");
        c.setString("metrics.reporter.prom.host", "127.0.0.1");
        c.setString("metrics.reporter.prom.port", Integer.toString(PROM_PORT));
        return c;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean ran;
    private static Exception runFailed;

    /**
     * One run for all the checks, started from the first test (in {@code @BeforeAll} the extension has
     * not yet made its MiniCluster, with the reporters, the context environment).
     */
    private static synchronized void runTheJobOnce() throws Exception {
        if (runFailed != null) throw new IllegalStateException("the job run failed: " + org.apache.commons.lang3.exception.ExceptionUtils.getRootCauseMessage(runFailed), runFailed);
        if (ran) return;
        ran = true;
        try {
            // Well inside the class's 10 minutes (about 35 s here), so that a stuck run says where it is stuck.
            Deadline.run("the observed run (publish, then the bounded job)", Duration.ofMinutes(6), () -> {
                run();
                return null;
            });
        } catch (Exception e) {
            runFailed = e;
            throw e;
        }
    }

    private static void run() throws Exception {
        stack = LocalStack.load();
        db = stack.createDatabase("obs");
        List<String> topics = stack.createTopics("obs", 2, "frames", "dlq", "events");
        long start = System.currentTimeMillis() - 120_000;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topics.get(0))) {
            new VideoIngest(TestAssets.media("vtest.avi"), CAMERA, 3, start, 0, FRAMES, 0, 0.85f, false).publish(pub, (n, p) -> {});
            // One frame the envelope rules reject and one that fails at decode (skipped by inference).
            send(pub, "not a picture".getBytes(StandardCharsets.UTF_8), 1000, start);
            byte[] garbage = new byte[2000];
            new java.util.Random(3).nextBytes(garbage);
            garbage[0] = (byte) 0xFF; garbage[1] = (byte) 0xD8; garbage[2] = (byte) 0xFF; garbage[3] = (byte) 0xE0;
            garbage[garbage.length - 2] = (byte) 0xFF; garbage[garbage.length - 1] = (byte) 0xD9;
            send(pub, garbage, 1001, start);
            pub.flush();
        }
        Path cameras = Files.createTempDirectory("argus-obs").resolve("cameras.yaml");
        Path media = cameras.getParent().resolve("media");
        Files.writeString(cameras, """
                models:
                  yolov8n: {path: %s}
                cameras:
                  - id: %s
                    zones:
                      - {name: lower-plaza, polygon: [[0.0, 0.55], [1.0, 0.55], [1.0, 1.0], [0.0, 1.0]]}
                    lines:
                      - {name: mid-line, from: [0.0, 0.45], to: [1.0, 0.45]}
                """.formatted(TestAssets.model(), CAMERA));

        CapturingReporter.clear();
        Thread scraper = new Thread(ObservabilityTest::scrapeUntilInterrupted, "prometheus-scraper");
        scraper.setDaemon(true);
        scraper.start();
        try {
            ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, topics.get(0), topics.get(1),
                    "obs-1", "--cameras.config", cameras.toString(), "--inference.intra-op-threads", "1", "--parallelism", "2",
                    "--media.enabled", "true", "--media.dir", media.toString()));
        } finally {
            scraper.interrupt();
            scraper.join(5_000);
        }
    }

    /** A frame captured after the video's (a minute after its start), so it is not late for the camera. */
    private static void send(FramePublisher pub, byte[] value, long frameId, long start) {
        List<Header> hs = new ArrayList<>();
        new FrameEnvelope(CAMERA, frameId, start + 60_000 + frameId, 768, 576, "image/jpeg").toHeaders()
                .forEach((k, v) -> hs.add(new RecordHeader(k, v)));
        pub.publishRaw(CAMERA.getBytes(StandardCharsets.UTF_8), value, hs, null);
    }

    /** Scrapes /metrics as Prometheus would, every 250 ms, until the job is done. */
    private static void scrapeUntilInterrupted() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PROM_PORT + "/metrics")).timeout(Duration.ofSeconds(5)).build();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    record(r.body());
                    scrapes++;
                }
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // not listening yet: try again
            }
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private static void record(String body) {
        Map<String, Double> sums = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) continue;
            double v;
            try {
                v = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            if (m.group(2) != null && m.group(2).contains("quantile=")) {
                Matcher q = Pattern.compile("quantile=\"([^\"]+)\"").matcher(m.group(2));
                if (q.find()) summaryQuantiles.add(m.group(1) + "@" + q.group(1));
                if (!m.group(2).contains("quantile=\"0.5\"")) continue; // sum one quantile, not all
            }
            sums.merge(m.group(1), Double.isNaN(v) ? 0 : v, Double::sum);
        }
        sums.forEach((k, v) -> scraped.merge(k, v, Math::max));
    }

    // ---------------------------------------------------------------- metrics

    private static final String OP = "flink_taskmanager_job_task_operator_argus_";

    @Test
    void prometheusEndpointServesEveryArgusMetricWhileTheJobRuns() throws Exception {
        runTheJobOnce();
        assertThat(scrapes).as("scrapes of http://127.0.0.1:%d/metrics during the run", PROM_PORT).isPositive();
        // Counters the input guarantees: 62 frames in, 61 valid, 60 decoded and inferred, 1 dead-lettered, 1 skipped.
        for (String counter : List.of("framesIn", "framesValid", "framesDecoded", "framesInferred", "inferenceBatches",
                "reason_framesDeadLettered", "reason_framesSkipped", "sinkRowsWritten", "actions", "episodesClosed")) {
            assertThat(scraped).as(counter).containsKey(OP + counter);
            assertThat(scraped.get(OP + counter)).as(counter).isPositive();
        }
        // Gauges and counters that may be zero in this run, present all the same.
        for (String metric : List.of("openTracks", "openEpisodes", "frameLagMs", "inferenceBatchSize", "lateFrames", "sinkRetries",
                "inferenceQueueLength", "inferenceInFlight")) {
            assertThat(scraped).as(metric).containsKey(OP + metric);
        }
        assertThat(scraped.get(OP + "openTracks")).as("tracks open at some point").isPositive();
        assertThat(scraped.get(OP + "frameLagMs")).as("capture times are two minutes old").isGreaterThan(60_000);
        // Histograms are Prometheus summaries with quantiles.
        assertThat(summaryQuantiles).contains(OP + "inferenceLatencyMs@0.5", OP + "inferenceLatencyMs@0.95");
        assertThat(scraped.get(OP + "inferenceLatencyMs")).isPositive();
        assertThat(scraped).containsKey("flink_jobmanager_job_lastCheckpointDuration");
    }

    @Test
    void countersAreExactAndSinksCountTheirRows() throws Exception {
        runTheJobOnce();
        assertThat(CapturingReporter.sum("framesIn")).isEqualTo(FRAMES + 2);
        assertThat(CapturingReporter.sum("framesValid")).isEqualTo(FRAMES + 1);
        assertThat(CapturingReporter.sum("framesDecoded")).isEqualTo(FRAMES);
        assertThat(CapturingReporter.sum("framesInferred")).isEqualTo(FRAMES);
        assertThat(CapturingReporter.sum("framesDeadLettered")).isEqualTo(1);
        assertThat(CapturingReporter.sum("framesSkipped")).isEqualTo(1);
        assertThat(CapturingReporter.sum("sinkRowsWritten", "ai_events sink")).isEqualTo(stack.count(db, "SELECT count(*) FROM ai_events"));
        assertThat(CapturingReporter.sum("sinkRowsWritten", "detections sink")).isEqualTo(stack.count(db, "SELECT count(*) FROM detections"));
        assertThat(CapturingReporter.sum("sinkRetries")).isZero();
        // Input ended, so every episode closed and every track ended: nothing open.
        assertThat(CapturingReporter.sum("openEpisodes")).isZero();
        assertThat(CapturingReporter.sum("openTracks")).isZero();
        assertThat(CapturingReporter.sum("episodesClosed")).isEqualTo(stack.count(db, "SELECT count(*) FROM episodes"));
    }

    @Test
    void reporterListensOnLoopbackOnly() throws Exception {
        runTheJobOnce();
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) if (a instanceof Inet4Address) others.add(a);
        }
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, PROM_PORT), 1000);
                throw new AssertionError("the Prometheus reporter answers on " + a + ":" + PROM_PORT);
            } catch (ConnectException expected) {
                // refused: not listening there
            }
        }
    }

    @Test
    void pipelineDashboardAsksPrometheusOnlyForMetricsTheJobExports() throws Exception {
        runTheJobOnce();
        Set<String> used = new TreeSet<>();
        for (JsonNode target : targets(dashboard("pipeline-health.json"))) {
            if (!target.has("expr")) continue;
            Matcher m = Pattern.compile("flink_[A-Za-z0-9_]+").matcher(target.get("expr").asText());
            while (m.find()) used.add(m.group());
        }
        assertThat(used).hasSizeGreaterThan(8);
        assertThat(scraped.keySet()).containsAll(used);
    }

    // ---------------------------------------------------------------- dashboards

    private static JsonNode dashboard(String file) throws Exception {
        return new ObjectMapper().readTree(ROOT.resolve("grafana/dashboards").resolve(file).toFile());
    }

    private static List<JsonNode> targets(JsonNode dash) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dash.get("panels")) for (JsonNode t : p.path("targets")) out.add(t);
        return out;
    }

    /** A query's result: column names, JDBC types and rows. */
    record Result(List<String> columns, List<Integer> types, List<List<Object>> rows) {
        int col(String name) {
            int i = columns.indexOf(name);
            assertThat(i).as("column %s in %s", name, columns).isNotNegative();
            return i;
        }
    }

    private static Result query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData md = r.getMetaData();
            List<String> cols = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                cols.add(md.getColumnLabel(i));
                types.add(md.getColumnType(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= cols.size(); i++) row.add(r.getObject(i));
                rows.add(row);
            }
            return new Result(cols, types, rows);
        }
    }

    private static boolean numeric(int t) {
        return t == Types.BIGINT || t == Types.INTEGER || t == Types.SMALLINT || t == Types.NUMERIC || t == Types.DOUBLE
                || t == Types.REAL || t == Types.DECIMAL || t == Types.FLOAT;
    }

    private static boolean timeLike(int t) {
        return numeric(t) || t == Types.TIMESTAMP || t == Types.TIMESTAMP_WITH_TIMEZONE;
    }

    /** Columns each table panel must return, by panel title. */
    private static final Map<String, List<String>> TABLE_COLUMNS = Map.of(
            "Cameras", List.of("camera", "name", "status", "last_seen_at", "frames"),
            "Episodes", List.of("started_at", "ended_at", "duration_s", "label", "track_id", "status", "zones", "frames",
                    "peak_confidence", "best_frame_id", "stationary"),
            "Actions", List.of("ts", "type", "label", "track_id", "zone", "details"),
            "Zone dwell times", List.of("zone", "visits", "mean_dwell_s", "max_dwell_s", "inside_now"),
            "Episodes with snapshots and clips", List.of("ts", "labels", "confidence", "started_at", "ended_at", "episode", "snapshot",
                    "thumbnail", "clip", "clip_s"));

    @Test
    void everySqlPanelRunsAsTheAnalystOnTheJobsRows() throws Exception {
        runTheJobOnce();
        List<Boolean> modes = new ArrayList<>(List.of(false));
        if (stack.count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") > 0) modes.add(true);
        Instant now = Instant.now();
        int panels = 0;
        for (boolean timescale : modes) {
            // The camera variable's own query offers the camera of this run.
            JsonNode camera = dashboard("camera.json");
            String varQuery = camera.get("templating").get("list").get(0).get("query").asText();
            assertThat(query(varQuery).rows()).extracting(r -> r.get(0)).contains(CAMERA);
            GrafanaMacros g = new GrafanaMacros(now.minus(Duration.ofHours(24)), now.plus(Duration.ofMinutes(1)), timescale,
                    Map.of("camera", CAMERA), Duration.ofMinutes(1));
            for (String file : List.of("overview.json", "camera.json", "pipeline-health.json")) {
                for (JsonNode p : dashboard(file).get("panels")) {
                    for (JsonNode t : p.path("targets")) {
                        if (!t.has("rawSql")) continue;
                        String title = file + " / " + p.get("title").asText();
                        Result r = query(g.expand(t.get("rawSql").asText()));
                        checkShape(title, p.get("type").asText(), t.get("format").asText(), r);
                        checkValues(p.get("title").asText(), r);
                        panels++;
                    }
                }
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(15);
    }

    private static void checkShape(String title, String type, String format, Result r) {
        switch (type) {
            case "timeseries" -> {
                assertThat(format).as(title).isEqualTo("time_series");
                assertThat(r.columns().get(0)).as(title).isEqualTo("time");
                assertThat(timeLike(r.types().get(0))).as(title + ": time column type").isTrue();
                for (int i = 1; i < r.columns().size(); i++) {
                    if (r.columns().get(i).equals("metric")) continue;
                    assertThat(numeric(r.types().get(i))).as(title + ": value column " + r.columns().get(i)).isTrue();
                }
                assertThat(r.rows()).as(title + ": rows").isNotEmpty();
                List<Double> times = r.rows().stream().map(row -> epoch(row.get(0))).toList();
                assertThat(times).as(title + ": sorted by time").isSorted();
            }
            case "stat" -> {
                assertThat(r.rows()).as(title).hasSize(1);
                for (int i = 0; i < r.columns().size(); i++) assertThat(numeric(r.types().get(i))).as(title).isTrue();
            }
            case "table" -> {
                List<String> expected = TABLE_COLUMNS.get(title.substring(title.indexOf(" / ") + 3));
                if (expected != null) assertThat(r.columns()).as(title).isEqualTo(expected);
                assertThat(r.rows()).as(title + ": rows").isNotEmpty();
            }
            default -> throw new AssertionError(title + ": unexpected panel type " + type);
        }
    }

    private static double epoch(Object o) {
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof java.sql.Timestamp ts) return ts.toInstant().getEpochSecond();
        throw new AssertionError("not a time: " + o);
    }

    /** Some panels' numbers, against an independent recomputation. */
    private static void checkValues(String title, Result r) throws Exception {
        switch (title) {
            case "Frames processed" -> assertThat(((Number) r.rows().get(0).get(0)).longValue()).isEqualTo(FRAMES);
            case "Episodes with snapshots and clips" -> {
                // One row per episode with a snapshot; a clip link on each closed one.
                assertThat((long) r.rows().size()).isEqualTo(query("SELECT count(*) FROM snapshots").rows().get(0).get(0));
                assertThat(r.rows().stream().filter(row -> row.get(r.col("clip")) != null).count())
                        .isEqualTo(query("SELECT count(*) FROM clips").rows().get(0).get(0)).isPositive();
                // Each row names its episode: the links open it on the review page.
                assertThat(r.rows().stream().map(row -> (String) row.get(r.col("episode"))).toList())
                        .containsExactlyInAnyOrderElementsOf(query("SELECT episode_id::text FROM snapshots").rows().stream().map(x -> (String) x.get(0)).toList());
            }
            case "Detections per hour by label" -> {
                Map<String, Long> perLabel = new TreeMap<>();
                for (List<Object> row : r.rows()) perLabel.merge((String) row.get(r.col("metric")), ((Number) row.get(r.col("detections"))).longValue(), Long::sum);
                Map<String, Long> expected = new TreeMap<>();
                for (List<Object> row : query("SELECT label, count(*) FROM detections GROUP BY label").rows())
                    expected.put((String) row.get(0), ((Number) row.get(1)).longValue());
                assertThat(perLabel).isEqualTo(expected).isNotEmpty();
            }
            case "Activity by hour of day (UTC) and camera" -> {
                assertThat(r.columns()).hasSize(25).startsWith("camera", "00", "01");
                assertThat(r.rows()).hasSize(1);
                long total = 0;
                for (int i = 1; i < 25; i++) total += ((Number) r.rows().get(0).get(i)).longValue();
                assertThat(total).isEqualTo(stack.count(db, "SELECT count(*) FROM detections"));
                int hour = (int) stack.count(db, "SELECT extract(hour FROM min(ts) AT TIME ZONE 'UTC') FROM detections");
                assertThat(((Number) r.rows().get(0).get(1 + hour)).longValue()).isPositive();
            }
            case "Zone dwell times" -> {
                assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly("lower-plaza");
                assertThat(((Number) r.rows().get(0).get(r.col("visits"))).longValue()).isEqualTo(completedVisits());
            }
            case "Frames per hour (database)" -> {
                long processed = 0, skipped = 0, dead = 0;
                for (List<Object> row : r.rows()) {
                    processed += ((Number) row.get(r.col("processed"))).longValue();
                    skipped += ((Number) row.get(r.col("skipped"))).longValue();
                    dead += ((Number) row.get(r.col("dead_lettered"))).longValue();
                }
                assertThat(List.of(processed, skipped, dead)).isEqualTo(List.of((long) FRAMES, 1L, 1L));
            }
            case "Episodes" -> assertThat(r.rows()).hasSize((int) stack.count(db, "SELECT count(*) FROM episodes WHERE camera_id = '" + CAMERA + "'"));
            default -> { }
        }
    }

    /** Zone visits paired in Java from the raw actions: each zone_enter followed (same track and zone) by a zone_exit. */
    private static long completedVisits() throws Exception {
        Map<String, List<String>> byTrack = new LinkedHashMap<>();
        for (List<Object> row : query("SELECT model_id, zone, track_id, type FROM actions WHERE type IN ('zone_enter', 'zone_exit') ORDER BY ts").rows())
            byTrack.computeIfAbsent(row.get(0) + "|" + row.get(1) + "|" + row.get(2), k -> new ArrayList<>()).add((String) row.get(3));
        long n = 0;
        for (List<String> types : byTrack.values())
            for (int i = 0; i + 1 < types.size(); i++) if (types.get(i).equals("zone_enter") && types.get(i + 1).equals("zone_exit")) n++;
        assertThat(n).as("completed zone visits in this run").isPositive();
        return n;
    }

    // ---------------------------------------------------------------- report

    @Test
    void reportShowsTheRunInOneSelfContainedPage() throws Exception {
        runTheJobOnce();
        Path out = Files.createTempDirectory("argus-report").resolve("report.html");
        ReportMain.write(stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword(), Duration.ofHours(24), "24h", out);
        String html = Files.readString(out);
        Document doc = xml(html);
        for (String id : List.of("summary", "detections", "episodes", "dwell", "health", "detections-by-label", "episodes-by-camera",
                "zone-visits", "longest-episodes", "health-by-hour"))
            assertThat(html).as(id).contains("id=\"" + id + "\"");
        // Three charts, and the thumbnail of each of the ten longest episodes that has a snapshot.
        long thumbnails = ((Number) query("""
                SELECT count(s.episode_id) FROM (SELECT id FROM episodes ORDER BY ended_at - started_at DESC, camera_id, track_id LIMIT 10) e
                LEFT JOIN snapshots s ON s.episode_id = e.id""").rows().get(0).get(0)).longValue();
        assertThat(thumbnails).isPositive();
        assertThat(doc.getElementsByTagName("img").getLength()).isEqualTo(3 + thumbnails);
        assertThat(html.split("src=\"data:image/jpeg;base64,", -1).length - 1L).isEqualTo(thumbnails);
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(img).isNotNull();
            assertThat(img.getWidth()).isBetween(400, 2000);
            assertThat(img.getHeight()).isBetween(200, 1200);
            images++;
        }
        assertThat(images).isEqualTo(3);
        // A run of a few seconds is charted in bars that fit it (not one bar per hour).
        assertThat(html).contains("Detections per 10 s by label");
        assertThat(html).contains("frames processed</th><td>" + FRAMES + "</td>",
                "objects detected</th><td>" + stack.count(db, "SELECT count(*) FROM detections") + "</td>",
                "episodes started</th><td>" + stack.count(db, "SELECT count(*) FROM episodes") + "</td>");
        for (List<Object> row : query("SELECT label, count(*) FROM detections GROUP BY label").rows())
            assertThat(html).contains("<td class=\"t\">" + row.get(0) + "</td><td>" + row.get(1) + "</td>");
        // The longest zone visit, recomputed.
        double longest = ((Number) query("""
                SELECT max(extract(epoch FROM x.ts - e.ts)) FROM actions e
                JOIN LATERAL (SELECT ts FROM actions x WHERE x.type = 'zone_exit' AND x.track_id = e.track_id AND x.zone = e.zone
                              AND x.model_id = e.model_id AND x.ts > e.ts ORDER BY ts LIMIT 1) x ON true
                WHERE e.type = 'zone_enter'""").rows().get(0).get(0)).doubleValue();
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "<td>%.1f</td></tr>", longest));
    }

    @Test
    void reportOfAnEmptyDatabaseSaysThereIsNoData() throws Exception {
        runTheJobOnce();
        String empty = stack.createDatabase("obs_empty");
        io.argus.storage.SchemaMigrator.migrate(stack.jdbcUrl(empty), stack.jdbcUser(), stack.jdbcPassword());
        Path out = Files.createTempDirectory("argus-report").resolve("sub/empty.html");
        ReportMain.write(stack.jdbcUrl(empty), stack.analystUser(), stack.analystPassword(), Duration.ofHours(24), "24h", out);
        String html = Files.readString(out);
        xml(html);
        assertThat(html).contains("No data in the last 24h").doesNotContain("<img");
    }

    private static Document xml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }
}
