package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.TestAssets;
import io.argus.config.CamerasFile;
import io.argus.ingest.CameraRegistry;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.job.ArgusJob;
import io.argus.serve.ReviewServer;
import io.argus.serve.ServeSettings;
import io.argus.tracking.Episode;
import io.argus.tracking.EpisodeStatus;
import io.argus.tracking.EventJson;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code ./argus serve} on what a demo-sized run leaves: 40 frames of the sample video through the real
 * job (real broker, MiniCluster, real database, real snapshots and clips), a camera registered from a
 * cameras file with a zone and a line. Every answer of the read API is checked against a recount in
 * SQL; media with ranges, 404s and refused paths; live events through the real broker (filters, ping,
 * a slow client cut off); a token; and the review page in a real browser (Debian's Chromium).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewServerTest {
    private static final int FRAMES = 40; // 20 s of the sample video at 2 frames/s
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(1, CapturingReporter.configure());

    private static LocalStack stack;
    private static String db, framesTopic, eventsTopic;
    private static Path media, cameras;
    private static ReviewServer server;
    private static String base;

    @BeforeAll
    static void aDemoSizedRun() throws Exception {
        stack = LocalStack.load();
        db = stack.createDatabase("review");
        List<String> topics = stack.createTopics("review", 1, "frames", "dlq", "events");
        framesTopic = topics.get(0);
        eventsTopic = topics.get(2);
        Path dir = Files.createTempDirectory("argus-review");
        media = Files.createDirectories(dir.resolve("media"));
        cameras = dir.resolve("cameras.yaml");
        Files.writeString(cameras, """
                models:
                  yolov8n: {path: %s}
                cameras:
                  - id: plaza
                    name: Plaza
                    source: %s
                    fps: 2
                    models: [yolov8n]
                    labels: [person]
                    zones:
                      - {name: lower-plaza, polygon: [[0.0, 0.55], [1.0, 0.55], [1.0, 1.0], [0.0, 1.0]]}
                    lines:
                      - {name: mid-line, from: [0.0, 0.45], to: [1.0, 0.45]}
                """.formatted(TestAssets.model(), TestAssets.media("vtest.avi")));
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), framesTopic)) {
            new VideoIngest(TestAssets.media("vtest.avi"), "plaza", 2, System.currentTimeMillis() - 120_000, 0, FRAMES, 0, 0.85f, false)
                    .publish(pub, (n, p) -> {});
            pub.flush();
        }
        ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, framesTopic, topics.get(1), "review",
                "--inference.intra-op-threads", "1", "--media.enabled", "true", "--media.dir", media.toString(),
                "--cameras.config", cameras.toString()));
        try (CameraRegistry registry = new CameraRegistry(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword())) {
            registry.register(CamerasFile.load(cameras).cameras().get(0));
            registry.seen("plaza", System.currentTimeMillis());
        }
        server = new ReviewServer(new ServeSettings("127.0.0.1", 0, stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword(), media,
                stack.bootstrapServers(), eventsTopic, framesTopic, null, null, 64, io.argus.cli.KafkaSecurity.NONE));
        base = "http://127.0.0.1:" + server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    private static List<String> sql(String query) throws Exception {
        return stack.rows(db, query, "|");
    }


    private static void publishEvents(List<String[]> cameraAndJson) throws Exception {
        stack.publish(cameraAndJson.stream().map(e -> new ProducerRecord<>(eventsTopic, e[0], e[1])).toList());
    }

    private static String episodeJson(String id, String camera, String label, Instant start) {
        Episode e = new Episode();
        e.id = id;
        e.cameraId = camera;
        e.modelId = "yolov8n:8.0.175";
        e.trackId = 1;
        e.label = label;
        e.startedAt = start.toEpochMilli();
        e.endedAt = start.toEpochMilli() + 4_000;
        e.status = EpisodeStatus.OPEN;
        e.zones = new TreeSet<>();
        return EventJson.of(e);
    }

    @Test
    @Order(1)
    void episodesAreListedFilteredAndPagedAsTheTablesSay() throws Exception {
        List<String> all = sql("SELECT id FROM episodes ORDER BY started_at DESC, id");
        assertThat(all).as("the run found people").hasSizeGreaterThan(2);
        assertThat(ids(json("/api/episodes?limit=500"))).isEqualTo(all);
        assertThat(ids(json("/api/episodes?label=person&limit=500")))
                .isEqualTo(sql("SELECT id FROM episodes WHERE label = 'person' ORDER BY started_at DESC, id"));
        assertThat(ids(json("/api/episodes?zone=lower-plaza&limit=500")))
                .isEqualTo(sql("SELECT id FROM episodes WHERE 'lower-plaza' = ANY(zones) ORDER BY started_at DESC, id"));
        assertThat(ids(json("/api/episodes?action=zone_enter&limit=500"))).isEqualTo(sql("""
                SELECT e.id FROM episodes e WHERE EXISTS (SELECT 1 FROM actions a WHERE a.camera_id = e.camera_id AND a.model_id = e.model_id
                  AND a.track_id = e.track_id AND a.ts BETWEEN e.started_at AND e.ended_at AND a.type = 'zone_enter')
                ORDER BY e.started_at DESC, e.id"""));
        String middle = sql("SELECT started_at FROM episodes ORDER BY started_at LIMIT 1 OFFSET 1").get(0);
        Instant from = stack.rows(db, "SELECT to_char(timestamptz '" + middle + "' AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')", "").stream()
                .map(Instant::parse).findFirst().orElseThrow();
        assertThat(ids(json("/api/episodes?limit=500&from=" + from))).isEqualTo(sql("SELECT id FROM episodes WHERE ended_at >= '" + from
                + "' ORDER BY started_at DESC, id"));
        assertThat(ids(json("/api/episodes?limit=500&to=" + from))).isEqualTo(sql("SELECT id FROM episodes WHERE started_at < '" + from
                + "' ORDER BY started_at DESC, id"));
        assertThat(json("/api/episodes?camera=nowhere").get("items")).isEmpty();
        // Paging: two at a time, each page where the last one ended.
        JsonNode first = json("/api/episodes?limit=2");
        assertThat(ids(first)).isEqualTo(all.subList(0, 2));
        assertThat(first.get("next").asInt()).isEqualTo(2);
        JsonNode second = json("/api/episodes?limit=2&offset=2");
        assertThat(ids(second)).isEqualTo(all.subList(2, Math.min(4, all.size())));
        JsonNode last = json("/api/episodes?limit=2&offset=" + (all.size() - 1));
        assertThat(last.get("next").isNull()).isTrue();
        // Wrong parameters are named.
        assertThat(get("/api/episodes?limit=0").statusCode()).isEqualTo(400);
        assertThat(new String(get("/api/episodes?limit=0").body(), StandardCharsets.UTF_8)).contains("limit: '0' must be a whole number from 1 to 500");
        assertThat(new String(get("/api/episodes?from=yesterday").body(), StandardCharsets.UTF_8)).contains("from: 'yesterday' is not a time");
    }

    @Test
    @Order(2)
    void anEpisodeHasItsActionsItsPathAndItsMediaWithRanges() throws Exception {
        String id = sql("SELECT e.id FROM episodes e JOIN clips c ON c.episode_id = e.id ORDER BY e.frames DESC, e.id LIMIT 1").get(0);
        JsonNode e = json("/api/episodes/" + id);
        String ofTrack = " FROM detections d, episodes e WHERE e.id = '" + id + "' AND d.camera_id = e.camera_id AND d.model_id = e.model_id "
                + "AND d.track_id = e.track_id AND d.ts BETWEEN e.started_at AND e.ended_at";
        assertThat(e.get("path").size()).isEqualTo(Integer.parseInt(sql("SELECT count(*)" + ofTrack).get(0))).isPositive();
        List<String> firstPoint = sql("SELECT d.x + d.w / 2, d.y + d.h" + ofTrack + " ORDER BY d.ts LIMIT 1");
        String[] xy = firstPoint.get(0).split("\\|");
        assertThat(e.get("path").get(0).get("x").asDouble()).isCloseTo(Double.parseDouble(xy[0]), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(e.get("path").get(0).get("y").asDouble()).isCloseTo(Double.parseDouble(xy[1]), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(e.get("action_list").size()).isEqualTo(Integer.parseInt(sql("SELECT count(*) FROM actions a, episodes e WHERE e.id = '" + id
                + "' AND a.camera_id = e.camera_id AND a.model_id = e.model_id AND a.track_id = e.track_id AND a.ts BETWEEN e.started_at AND e.ended_at")
                .get(0)));
        assertThat(e.get("clip_url").asText()).isEqualTo("/api/episodes/" + id + "/clip");

        Path snapshot = Path.of(URI.create(sql("SELECT uri FROM snapshots WHERE episode_id = '" + id + "'").get(0)));
        HttpResponse<byte[]> s = get("/api/episodes/" + id + "/snapshot");
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(s.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(s.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        assertThat(s.body()).isEqualTo(Files.readAllBytes(snapshot));
        HttpResponse<byte[]> t = get("/api/episodes/" + id + "/thumbnail");
        var thumb = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(t.body()));
        assertThat(Math.min(thumb.getWidth(), thumb.getHeight())).isGreaterThanOrEqualTo(io.argus.media.ThumbnailCrop.MIN);

        Path clip = Path.of(URI.create(sql("SELECT uri FROM clips WHERE episode_id = '" + id + "'").get(0)));
        byte[] whole = Files.readAllBytes(clip);
        HttpResponse<byte[]> part = get("/api/episodes/" + id + "/clip", "Range", "bytes=0-99");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + whole.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOf(whole, 100));
        HttpResponse<byte[]> tail = get("/api/episodes/" + id + "/clip", "Range", "bytes=" + (whole.length - 10) + "-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 10, whole.length));
        assertThat(get("/api/episodes/" + id + "/clip").body()).isEqualTo(whole);
    }

    @Test
    @Order(3)
    void unknownThingsAre404sAndPathsOutsideTheMediaRootAreRefused() throws Exception {
        String unknown = UUID.randomUUID().toString();
        HttpResponse<byte[]> r = get("/api/episodes/" + unknown);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("no episode " + unknown);
        assertThat(get("/api/episodes/" + unknown + "/clip").statusCode()).isEqualTo(404);
        assertThat(get("/api/episodes/not-an-id").statusCode()).isEqualTo(400);
        assertThat(get("/api/cameras/nowhere").statusCode()).isEqualTo(404);
        // A row pointing outside the media root (a secret file beside it, and .. from inside it) is never served.
        Path secret = Files.writeString(media.resolveSibling("secret.txt"), "not for the web");
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        try (Connection c = stack.connect(db); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO snapshots (episode_id, camera_id, model_id, ts, frame_id, labels, confidence, x, y, w, h, uri, thumbnail_uri, bytes)
                VALUES (?::uuid, 'plaza', 'm', now(), 1, '{person}', 0.9, 0, 0, 1, 1, ?, ?, 1)""")) {
            ps.setString(1, a);
            ps.setString(2, secret.toUri().toString());
            ps.setString(3, media.toUri() + "../secret.txt");
            ps.executeUpdate();
            ps.setString(1, b);
            ps.setString(2, "/etc/passwd");
            ps.setString(3, "file:///etc/passwd");
            ps.executeUpdate();
        }
        for (String path : List.of("/api/episodes/" + a + "/snapshot", "/api/episodes/" + a + "/thumbnail", "/api/episodes/" + b + "/snapshot",
                "/api/episodes/" + b + "/thumbnail")) {
            HttpResponse<byte[]> x = get(path);
            assertThat(x.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(x.body(), StandardCharsets.UTF_8)).doesNotContain("not for the web").doesNotContain("root:");
        }
        // Traversal in the URL, and no directory listings.
        for (String path : List.of("/static/..%2f..%2f..%2fetc%2fpasswd", "/static/../../etc/passwd", "/static/", "/api/episodes/..%2F..%2Fetc/snapshot")) {
            HttpResponse<byte[]> x = get(path);
            assertThat(x.statusCode()).as(path).isIn(400, 404);
            assertThat(new String(x.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("root:").doesNotContain("app.js");
        }
    }

    @Test
    @Order(4)
    void camerasRollupsHealthAndDeadLettersMatchTheirTables() throws Exception {
        JsonNode cams = json("/api/cameras");
        assertThat(ids(cams)).containsExactly("plaza");
        JsonNode plaza = json("/api/cameras/plaza");
        assertThat(plaza.get("zones").get(0).get("name").asText()).isEqualTo("lower-plaza");
        assertThat(plaza.get("lines").get(0).get("name").asText()).isEqualTo("mid-line");
        assertThat(plaza.get("status").asText()).isEqualTo("online");
        assertThat(plaza.get("episodes_24h").asLong()).isEqualTo(Long.parseLong(sql("SELECT count(*) FROM episodes WHERE started_at > now() - interval '24 hours'").get(0)));
        JsonNode hourly = json("/api/rollups/hourly?limit=500&label=person");
        assertThat(hourly.get("items").size()).isEqualTo(Integer.parseInt(sql("SELECT count(*) FROM rollups_hourly WHERE label = 'person'").get(0)));
        long detections = 0;
        for (JsonNode h : hourly.get("items")) detections += h.get("detections").asLong();
        assertThat(detections).isEqualTo(Long.parseLong(sql("SELECT sum(detections) FROM rollups_hourly WHERE label = 'person'").get(0)));
        assertThat(json("/api/rollups/daily?limit=500").get("items").size()).isEqualTo(Integer.parseInt(sql("SELECT count(*) FROM rollups_daily").get(0)));
        JsonNode health = json("/api/health?camera=plaza");
        long processed = 0;
        for (JsonNode h : health.get("items")) processed += h.get("frames_processed").asLong();
        assertThat(processed).isEqualTo(Long.parseLong(sql("SELECT COALESCE(sum(frames_processed), 0) FROM pipeline_health_hourly").get(0)));
        assertThat(json("/api/dead-letters").get("total").asLong())
                .isEqualTo(Long.parseLong(sql("SELECT COALESCE(sum(frames_dead_lettered), 0) FROM pipeline_health_hourly").get(0)));
        JsonNode raw = json("/api/detections?limit=500&camera=plaza&label=person");
        assertThat(raw.get("items").size()).isEqualTo(Math.min(500, Integer.parseInt(sql("SELECT count(*) FROM detections WHERE label = 'person'").get(0))));
        assertThat(ids(json("/api/models"))).isEqualTo(sql("SELECT id FROM models ORDER BY id")).isNotEmpty();
        assertThat(json("/api/models").get("items").get(0).get("status").asText()).isEqualTo(sql("SELECT status FROM models ORDER BY id").get(0));
        JsonNode actions = json("/api/actions?limit=500&camera=plaza");
        assertThat(ids(actions)).isEqualTo(sql("SELECT id FROM actions WHERE camera_id = 'plaza' ORDER BY ts DESC, id"));
        HttpResponse<byte[]> frame = get("/api/cameras/plaza/latest-frame");
        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(frame.body())).getWidth()).isPositive();
        assertThat(get("/api/cameras/nowhere/latest-frame").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void theOpenApiDocumentDescribesEveryPath() throws Exception {
        JsonNode doc = json("/api/openapi.json");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        List<String> served = new ArrayList<>(io.argus.serve.ServeMain.API_PATHS);
        served.add("/api/live");
        assertThat(paths).containsExactlyInAnyOrderElementsOf(served);
        for (String p : served) {
            if (p.contains("{id}") || p.equals("/api/live")) continue;
            assertThat(get(p).statusCode()).as(p).isEqualTo(200);
        }
    }

    @Test
    @Order(6)
    void liveEventsReachSubscribersByTheirFiltersAndAnswerPings() throws Exception {
        List<JsonNode> got = new CopyOnWriteArrayList<>();
        WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/api/live?camera=cam-a&kind=episode"),
                new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                got.add(JSON.readTree(text.toString()));
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        Await.until("subscribed", Duration.ofSeconds(10), () -> got.stream().anyMatch(m -> m.get("type").asText().equals("subscribed")));
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        publishEvents(List.of(new String[] {"cam-b", episodeJson(b, "cam-b", "person", Instant.now())},
                new String[] {"cam-a", EventJson.of(io.argus.tracking.Action.of("cam-a", "m", 1, io.argus.tracking.ActionType.ZONE_ENTER, 1, "person", "z", null))},
                new String[] {"cam-a", episodeJson(a, "cam-a", "person", Instant.now())}));
        Await.until("cam-a's episode", Duration.ofSeconds(20), () -> got.stream().anyMatch(m -> m.get("type").asText().equals("event")));
        ws.sendText("{\"type\":\"ping\"}", true);
        Await.until("pong", Duration.ofSeconds(10), () -> got.stream().anyMatch(m -> m.get("type").asText().equals("pong")));
        List<JsonNode> events = got.stream().filter(m -> m.get("type").asText().equals("event")).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("event").get("id").asText()).isEqualTo(a);
        // Subscribing anew: now cam-b only.
        ws.sendText("{\"type\":\"subscribe\",\"cameras\":[\"cam-b\"]}", true);
        Await.until("subscribed to cam-b", Duration.ofSeconds(10), () -> got.stream().filter(m -> m.get("type").asText().equals("subscribed")).count() == 2);
        String b2 = UUID.randomUUID().toString();
        publishEvents(List.<String[]>of(new String[] {"cam-a", episodeJson(UUID.randomUUID().toString(), "cam-a", "person", Instant.now())},
                new String[] {"cam-b", episodeJson(b2, "cam-b", "car", Instant.now())}));
        Await.until("cam-b's episode", Duration.ofSeconds(20), () -> got.stream().filter(m -> m.get("type").asText().equals("event")).count() == 2);
        assertThat(got.stream().filter(m -> m.get("type").asText().equals("event")).map(m -> m.get("event").get("id").asText()).toList())
                .containsExactly(a, b2);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    @Order(7)
    void aClientThatDoesNotReadIsDisconnectedNotBufferedWithoutEnd() throws Exception {
        int before = server.liveDisconnectedSlow();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/live?camera=flood HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            // 20,000 events of 4 KB for it (80 MB), and it reads none of them.
            String pad = "x".repeat(4096);
            List<String[]> flood = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) flood.add(new String[] {"flood", "{\"kind\":\"episode\",\"cameraId\":\"flood\",\"label\":\"person\",\"n\":" + i
                    + ",\"pad\":\"" + pad + "\"}"});
            publishEvents(flood);
            Await.until("the slow client disconnected", Duration.ofSeconds(60), () -> server.liveDisconnectedSlow() == before + 1);
            // What the socket held is all it gets: then the connection ends.
            s.setSoTimeout(20_000);
            byte[] buf = new byte[1 << 16];
            long read = 0;
            for (int n; (n = in.read(buf)) >= 0; ) read += n;
            assertThat(read).as("bytes it got before the end").isLessThan(20_000L * 4096);
        }
    }

    @Test
    @Order(8)
    void aTokenGuardsTheApiThePagesAndTheSocket() throws Exception {
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 0, "jdbc:x", "u", "", media, null, "e", "f", null, null, 64, io.argus.cli.KafkaSecurity.NONE))
                .hasMessageContaining("serve refuses to start there without --auth-token-file");
        String token = "0123456789abcdef0123456789abcdef";
        try (ReviewServer guarded = new ReviewServer(new ServeSettings("127.0.0.1", 0, stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword(),
                media, null, eventsTopic, framesTopic, token, null, 64, io.argus.cli.KafkaSecurity.NONE))) {
            String g = "http://127.0.0.1:" + guarded.start();
            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(g + "/api/episodes")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(g + "/api/episodes")).header("Authorization", "Bearer nope").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(URI.create(g + "/api/episodes")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(g + "/")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(g + "/login?token=" + token)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(g + "/")).header("Cookie", cookie.split(";")[0]).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            // The socket: refused without the token, opened with it.
            URI live = URI.create(g.replace("http", "ws") + "/api/live");
            assertThatThrownBy(() -> HTTP.newWebSocketBuilder().buildAsync(live, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(java.net.http.WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
            WebSocket ok = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(live, new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS);
            ok.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(9)
    void theReviewPageInARealBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            JavascriptExecutor js = (JavascriptExecutor) browser;
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            int episodes = Integer.parseInt(sql("SELECT count(*) FROM episodes").get(0));
            browser.get(base + "/");
            wait.until(d -> d.findElements(By.cssSelector("#grid .card")).size() == Math.min(episodes, 48));
            wait.until(d -> d.findElement(By.id("live")).getAttribute("class").contains("on"));
            // The models and their status, as the table has them.
            String model = sql("SELECT id || ' ' || status FROM models ORDER BY id").get(0);
            wait.until(d -> d.findElement(By.id("models")).getText().contains(model));
            wait.until(d -> (Boolean) js.executeScript(
                    "return [...document.querySelectorAll('#grid .card img')].every(i => i.complete && i.naturalWidth >= 160)"));
            Files.write(Path.of("target", "review-page.png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            // A new episode published while the page is open appears without a reload.
            js.executeScript("window.argusMarker = 42");
            String fresh = UUID.randomUUID().toString();
            Instant now = Instant.now();
            try (Connection c = stack.connect(db); PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO episodes (id, camera_id, model_id, track_id, label, started_at, ended_at, status, frames, peak_confidence, best_frame_id)
                    VALUES (?::uuid, 'plaza', 'yolov8n:8.0.175', 1, 'dog', ?, ?, 'open', 3, 0.8, 1)""")) {
                ps.setString(1, fresh);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setTimestamp(3, Timestamp.from(now.plusSeconds(4)));
                ps.executeUpdate();
            }
            publishEvents(List.<String[]>of(new String[] {"plaza", episodeJson(fresh, "plaza", "dog", now)}));
            wait.until(d -> !d.findElements(By.cssSelector("#grid .card[data-episode='" + fresh + "']")).isEmpty());
            assertThat(js.executeScript("return window.argusMarker")).as("the page was not reloaded").isEqualTo(42L);

            // An episode with a clip: its page plays it, and draws the track's path on the best frame.
            String withClip = sql("SELECT e.id FROM episodes e JOIN clips c ON c.episode_id = e.id ORDER BY e.frames DESC, e.id LIMIT 1").get(0);
            browser.findElement(By.cssSelector("#grid .card[data-episode='" + withClip + "']")).click();
            wait.until(d -> d.getCurrentUrl().endsWith("/episodes/" + withClip));
            wait.until(d -> (Boolean) js.executeScript("const v = document.getElementById('clip'); return v.readyState >= 1 && v.duration > 0"));
            double duration = ((Number) js.executeScript("return document.getElementById('clip').duration")).doubleValue();
            double expected = Long.parseLong(sql("SELECT duration_ms FROM clips WHERE episode_id = '" + withClip + "'").get(0)) / 1000.0;
            assertThat(duration).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
            WebElement path = wait.until(d -> d.findElement(By.cssSelector("#path polyline")));
            int points = Integer.parseInt(sql("SELECT count(*) FROM detections d, episodes e WHERE e.id = '" + withClip + "' AND d.camera_id = e.camera_id "
                    + "AND d.model_id = e.model_id AND d.track_id = e.track_id AND d.ts BETWEEN e.started_at AND e.ended_at").get(0));
            assertThat(path.getAttribute("data-points")).isEqualTo(Integer.toString(points));
            wait.until(d -> (Boolean) js.executeScript("const i = document.getElementById('snapshot'); return i.complete && i.naturalWidth > 0"));
            Files.write(Path.of("target", "review-episode.png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            // The camera page draws each zone and line of the cameras file on the latest frame.
            browser.get(base + "/cameras/plaza");
            WebElement zone = wait.until(d -> d.findElement(By.cssSelector("#geometry polygon[data-zone='lower-plaza']")));
            assertThat(zone.getAttribute("points")).isEqualTo("0,0.55 1,0.55 1,1 0,1");
            WebElement line = browser.findElement(By.cssSelector("#geometry line[data-line='mid-line']"));
            assertThat(List.of(line.getAttribute("x1"), line.getAttribute("y1"), line.getAttribute("x2"), line.getAttribute("y2")))
                    .containsExactly("0", "0.45", "1", "0.45");
            assertThat(browser.findElements(By.cssSelector("#geometry polygon"))).hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#geometry line"))).hasSize(1);
            wait.until(d -> (Boolean) js.executeScript("const i = document.getElementById('latest'); return i.complete && i.naturalWidth > 0"));
            Files.write(Path.of("target", "review-camera.png"), ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }
}
