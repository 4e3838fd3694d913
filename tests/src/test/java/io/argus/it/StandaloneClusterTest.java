package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.sinks.DeadLetterSerializer;
import io.argus.storage.SchemaMigrator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded job jar on a real standalone cluster (a JobManager and two TaskManagers, separate JVMs,
 * started by ./argus cluster up), submitted through Flink's REST API by ./argus submit, at parallelism 2;
 * and what clusters go through: a TaskManager killed, the database down, the broker restarted, a stop
 * with a savepoint and a changed job resumed from it, a corpus of bad records.
 *
 * <p>And models changed while a job runs (the control topic): a shadow, a promotion, a broken model, a
 * savepoint after the promotion.
 *
 * <p>Every run reads the same frames (two cameras, one partition each). The undisturbed run is the
 * reference: each disturbed run must end with exactly its rows (keys and contents), none missing, none
 * doubled.
 */
@Timeout(value = 18, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    private static final int FRAMES = 50; // per camera: 25 s of the video at 2 frames/s
    private static final List<String> CAMERAS = List.of("plaza", "gate");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static String framesTopic;
    private static String restPort;
    private static Map<String, String> reference;

    @BeforeAll
    static void startCluster() throws Exception {
        stack = LocalStack.load();
        framesTopic = stack.createTopics("cluster", 2, "frames").get(0);
        long start = System.currentTimeMillis() - 120_000;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), framesTopic)) {
            for (String cam : CAMERAS) {
                new VideoIngest(TestAssets.media("vtest.avi"), cam, 2, start, 0, FRAMES, 0, 0.85f, false).publish(pub, (n, p) -> {});
            }
        }
        Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(script("up"));
        assertThat(port.find()).isTrue();
        restPort = port.group(1);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script("down");
    }

    private static String script(String... args) throws Exception {
        return LocalStack.runScript("bin/cluster.sh", 300, args);
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A job run: its database, its topics, its id on the cluster. */
    private record Run(String db, String dlqTopic, String jobId) {}

    private static Run submit(String name, String... extra) throws Exception {
        String db = stack.createDatabase(name);
        SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword()); // so tests can watch rows arrive
        List<String> topics = stack.createTopics(name, 1, "dlq", "events");
        return submitTo(db, topics, framesTopic, name, extra);
    }

    private static Run submitTo(String db, List<String> topics, String frames, String group, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit"));
        List<String> jobArgs = new ArrayList<>(List.of("--bootstrap-servers", stack.bootstrapServers(),
                "--kafka.frames-topic", frames, "--kafka.dlq-topic", topics.get(0), "--kafka.events-topic", topics.get(1),
                "--kafka.group-id", group, "--kafka.starting-offsets", "earliest", "--kafka.bounded", "true",
                "--jdbc-url", stack.jdbcUrl(db), "--jdbc-user", stack.jdbcUser(), "--jdbc-password-file", stack.jdbcPasswordFile(),
                "--model", TestAssets.model().toAbsolutePath().toString(), "--parallelism", "2",
                "--inference.intra-op-threads", "1", "--checkpoint.interval", "2s"));
        // Leading submit options (--from-savepoint ...) go before the job's own; later job options win.
        int split = 0;
        while (split < extra.length && extra[split].startsWith("--from-savepoint")) split += 2;
        for (int i = 0; i < split; i++) args.add(extra[i]);
        args.addAll(jobArgs);
        for (int i = split; i < extra.length; i++) args.add(extra[i]);
        Matcher job = Pattern.compile("submitted: job ([0-9a-f]{32})").matcher(script(args.toArray(String[]::new)));
        assertThat(job.find()).isTrue();
        return new Run(db, topics.get(0), job.group(1));
    }

    private static String state(String jobId) throws Exception {
        Matcher m = Pattern.compile("\"state\":\"([A-Z]+)\"").matcher(get("/jobs/" + jobId));
        return m.find() ? m.group(1) : "";
    }

    private static String awaitEnd(Run run) throws Exception {
        long deadline = System.currentTimeMillis() + 360_000;
        String state = "";
        while (System.currentTimeMillis() < deadline) {
            state = state(run.jobId);
            if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) break;
            Thread.sleep(1000);
        }
        if (!state.equals("FINISHED")) System.out.println("job " + run.jobId + " " + state + ": " + get("/jobs/" + run.jobId + "/exceptions"));
        return state;
    }

    private static void awaitRows(Run run, long atLeast) throws Exception {
        long deadline = System.currentTimeMillis() + 240_000;
        while (stack.count(run.db, "SELECT count(*) FROM ai_events") < atLeast) {
            assertThat(System.currentTimeMillis()).as("%d rows before the disturbance", atLeast).isLessThan(deadline);
            assertThat(state(run.jobId)).isNotIn("FINISHED", "FAILED", "CANCELED");
            Thread.sleep(200);
        }
    }

    /** How many times the job failed over (its exception history). */
    private static int failovers(Run run) throws Exception {
        Matcher m = Pattern.compile("\"exceptionName\"").matcher(get("/jobs/" + run.jobId + "/exceptions?maxExceptions=100"));
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** What a run wrote, table by table: a digest of every row's key and content (no write times). */
    private static Map<String, String> digest(String db) throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("ai_events", "SELECT count(*) || ':' || md5(string_agg(id::text || ts::text || detections::text, ',' ORDER BY id, ts)) FROM ai_events");
        queries.put("detections", "SELECT count(*) || ':' || md5(string_agg(id::text || ts::text || coalesce(track_id, -1) || label || x || y, ',' ORDER BY id, ts)) FROM detections");
        queries.put("episodes", "SELECT count(*) || ':' || md5(string_agg(id::text || track_id || label || started_at || ended_at || status || frames"
                + " || best_frame_id || zones::text || stationary, ',' ORDER BY id)) FROM episodes");
        queries.put("actions", "SELECT count(*) || ':' || md5(string_agg(id::text || ts::text || type || track_id, ',' ORDER BY id, ts)) FROM actions");
        queries.put("rollups_hourly", "SELECT count(*) || ':' || md5(string_agg(camera_id || label || bucket || detections || frames || max_concurrent"
                + " || episodes_started || round(time_in_view_s::numeric, 3), ',' ORDER BY camera_id, label, bucket)) FROM rollups_hourly");
        Map<String, String> out = new LinkedHashMap<>();
        try (var c = stack.connect(db); var s = c.createStatement()) {
            for (var q : queries.entrySet()) {
                try (var r = s.executeQuery(q.getValue())) {
                    r.next();
                    out.put(q.getKey(), r.getString(1));
                }
            }
        }
        return out;
    }

    /** The undisturbed run, once: the rows every disturbed run must end with. */
    private static synchronized Map<String, String> reference() throws Exception {
        if (reference == null) {
            Run run = submit("ref");
            assertThat(awaitEnd(run)).isEqualTo("FINISHED");
            assertThat(failovers(run)).isZero();
            assertThat(stack.count(run.db, "SELECT count(*) FROM ai_events")).isEqualTo(CAMERAS.size() * FRAMES);
            assertThat(stack.count(run.db, "SELECT count(DISTINCT (camera_id, frame_id)) FROM ai_events")).isEqualTo(CAMERAS.size() * FRAMES);
            assertThat(stack.count(run.db, "SELECT count(*) FROM episodes WHERE status <> 'closed'")).isZero();
            assertThat(stack.count(run.db, "SELECT count(*) FROM episodes")).isPositive();
            assertThat(stack.count(run.db, "SELECT count(*) FROM detections"))
                    .isEqualTo(stack.count(run.db, "SELECT sum(jsonb_array_length(detections)) FROM ai_events"));
            reference = digest(run.db);
        }
        return reference;
    }

    private static void assertSameRowsAsReference(Run run) throws Exception {
        assertThat(digest(run.db)).isEqualTo(reference());
    }

    @Test
    void theJobJarRunsOnAStandaloneClusterSubmittedOverRest() throws Exception {
        assertThat(reference()).containsKeys("ai_events", "episodes");
        assertThat(reference().get("ai_events")).startsWith(CAMERAS.size() * FRAMES + ":");
    }

    @Test
    void aTaskManagerKilledMidStreamLosesAndDoublesNothing() throws Exception {
        reference();
        Run run = submit("tmkill");
        awaitRows(run, 10);
        // The TaskManager that runs the inference (a TaskManager with no task would prove nothing).
        String vertex = null;
        for (JsonNode v : JSON.readTree(get("/jobs/" + run.jobId)).get("vertices")) {
            if (v.get("name").asText().contains("detect objects")) vertex = v.get("id").asText();
        }
        assertThat(vertex).isNotNull();
        Matcher tm = Pattern.compile("\"taskmanager-id\":\"taskmanager-(\\d+)\"")
                .matcher(get("/jobs/" + run.jobId + "/vertices/" + vertex + "/taskmanagers"));
        assertThat(tm.find()).isTrue();
        Path pidFile = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent()
                .resolve(".argus/cluster/taskmanager-" + tm.group(1) + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).contains(true);
            assertThat(stack.count(run.db, "SELECT count(*) FROM ai_events")).isLessThan(CAMERAS.size() * FRAMES); // really mid-stream
            assertThat(awaitEnd(run)).isEqualTo("FINISHED"); // on the surviving TaskManager's two slots
            assertThat(failovers(run)).isPositive();
        } finally {
            script("up"); // starts the killed TaskManager again for the other tests
        }
        assertSameRowsAsReference(run);
    }

    @Test
    void theDatabaseDownForThirtySecondsLosesAndDoublesNothing() throws Exception {
        reference();
        Run run = submit("pgdown", "--jdbc.batch-size", "20");
        awaitRows(run, 10);
        try {
            stack.control("pg-stop");
            Thread.sleep(30_000);
        } finally {
            stack.control("pg-start");
        }
        assertThat(stack.count(run.db, "SELECT count(*) FROM ai_events")).isLessThan(CAMERAS.size() * FRAMES);
        assertThat(awaitEnd(run)).isEqualTo("FINISHED");
        assertSameRowsAsReference(run);
    }

    @Test
    void aBrokerRestartLosesAndDoublesNothing() throws Exception {
        reference();
        Run run = submit("kafkarestart");
        awaitRows(run, 10);
        try {
            stack.control("kafka-stop");
            // Really mid-stream. (Frames the source fetched before may still become rows while the broker is
            // away; dead letters, scene events and the offsets of checkpoints need it.)
            assertThat(stack.count(run.db, "SELECT count(*) FROM ai_events")).isLessThan(CAMERAS.size() * FRAMES);
            Thread.sleep(10_000);
        } finally {
            stack.control("kafka-start");
        }
        assertThat(awaitEnd(run)).isEqualTo("FINISHED");
        assertSameRowsAsReference(run);
    }

    @Test
    void stopWithSavepointThenAChangedJobResumesOpenEpisodes() throws Exception {
        reference();
        String db = stack.createDatabase("savepoint");
        SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
        List<String> topics = stack.createTopics("savepoint", 1, "dlq", "events");
        Run first = submitTo(db, topics, framesTopic, "savepoint", "--inference.batch-size", "1", "--media.enabled", "false");
        // Stop while episodes are open: their end has not been seen yet.
        long deadline = System.currentTimeMillis() + 240_000;
        while (stack.count(db, "SELECT count(*) FROM episodes WHERE status = 'open'") == 0
                || stack.count(db, "SELECT count(*) FROM ai_events") < 20) {
            assertThat(System.currentTimeMillis()).as("open episodes before the stop").isLessThan(deadline);
            assertThat(state(first.jobId)).isEqualTo("RUNNING");
            Thread.sleep(200);
        }
        Matcher sp = Pattern.compile("savepoint: (\\S+)").matcher(script("stop", first.jobId, "--savepoint"));
        assertThat(sp.find()).isTrue();
        assertThat(awaitEnd(first)).isEqualTo("FINISHED");
        long rowsAtStop = stack.count(db, "SELECT count(*) FROM ai_events");
        assertThat(rowsAtStop).isLessThan(CAMERAS.size() * FRAMES);
        List<String> openAtStop = ids(db, "SELECT id FROM episodes WHERE status = 'open' ORDER BY id");
        assertThat(openAtStop).isNotEmpty();

        // The changed job: new operators (snapshots and clips of episodes: a keyed operator with its own state,
        // two more sinks, another chaining of the frames) and inference batching in another shape; the uids of
        // the operators that were there stay.
        Path media = Files.createTempDirectory("argus-savepoint-media");
        Run second = submitTo(db, topics, framesTopic, "savepoint", "--from-savepoint", sp.group(1), "--inference.batch-size", "4",
                "--media.enabled", "true", "--media.dir", media.toString());
        // A bounded run resumed from a savepoint ends by itself once every frame is in, as a fresh one does
        // (the plain Kafka source would not: FLINK-31006, worked around by RestartableBoundedKafkaSource).
        assertThat(awaitEnd(second)).isEqualTo("FINISHED");
        assertThat(failovers(second)).isZero();
        // The episodes open at the stop closed after it, under the same ids; nothing doubled or missing.
        assertThat(ids(db, "SELECT id FROM episodes WHERE status = 'closed' ORDER BY id")).containsAll(openAtStop);
        assertSameRowsAsReference(second);
        // The new operator did its work: episodes open at the stop got clips after it (of the frames the new
        // operator saw, so not each of them: one last seen just before the stop has few or none to show).
        List<String> clipped = ids(db, "SELECT episode_id::text FROM clips ORDER BY episode_id");
        assertThat(clipped).containsAnyElementsOf(openAtStop);
    }

    private static List<String> ids(String db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = stack.connect(db); var s = c.createStatement(); var r = s.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    @Test
    void badRecordsSentWhileTheJobRunsAreDeadLetteredAndGoodFramesAllProcessed() throws Exception {
        String db = stack.createDatabase("corpus");
        SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
        List<String> topics = stack.createTopics("corpus", 2, "frames", "dlq", "events");
        Path cameras = Files.createTempFile("argus-cameras", ".yaml");
        Files.writeString(cameras, "models:\n  yolov8n: {path: " + TestAssets.model().toAbsolutePath() + "}\ncameras:\n"
                + "  - {id: plaza, source: " + TestAssets.media("vtest.avi").toAbsolutePath() + ", models: [yolov8n]}\n"
                + "  - {id: gate, source: " + TestAssets.media("vtest.avi").toAbsolutePath() + ", models: [yolov8n]}\n");
        // Unbounded: the job runs while the records arrive; it is cancelled once everything is accounted for.
        Run run = submitTo(db, topics.subList(1, 3), topics.get(0), "corpus", "--kafka.bounded", "false",
                "--cameras", cameras.toString(), "--frames.max-payload-bytes", Integer.toString(BadFrames.MAX_PAYLOAD));
        int good = 12;
        long start = System.currentTimeMillis() - 60_000;
        BadFrames bad;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topics.get(0))) {
            bad = new BadFrames(pub);
            // Good frames, then every kind of bad record, then more good frames of the other camera, then
            // a frame of the first camera captured a minute before its frames: late.
            new VideoIngest(TestAssets.media("vtest.avi"), "plaza", 2, start, 0, good / 2, 0, 0.85f, false).publish(pub, (n, p) -> {});
            bad.everyMalformation("plaza", start).unknownCamera("lobby", start + 1000);
            new VideoIngest(TestAssets.media("vtest.avi"), "gate", 2, start, 0, good / 2, 0, 0.85f, false).publish(pub, (n, p) -> {});
            bad.lateFrame("plaza", 5000, start - 60_000);
            pub.flush();
            assertThat(pub.failed()).isZero();
        }
        try {
            long deadline = System.currentTimeMillis() + 240_000;
            while (stack.count(db, "SELECT count(*) FROM ai_events") < good) {
                assertThat(System.currentTimeMillis()).as("good frames processed").isLessThan(deadline);
                Thread.sleep(500);
            }
            Map<String, Integer> reasons = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : stack.readAll(topics.get(1), bad.total())) {
                reasons.merge(new String(r.headers().lastHeader(DeadLetterSerializer.H_REASON).value(), StandardCharsets.UTF_8), 1, Integer::sum);
            }
            assertThat(reasons).isEqualTo(bad.expected());
            assertThat(stack.count(db, "SELECT count(*) FROM ai_events")).isEqualTo(good);
            assertThat(stack.count(db, "SELECT count(DISTINCT camera_id) FROM ai_events")).isEqualTo(2);
            assertThat(state(run.jobId)).isEqualTo("RUNNING");
            assertThat(failovers(run)).as("restarts caused by bad records").isZero();
        } finally {
            script("cancel", run.jobId);
            Files.deleteIfExists(cameras);
        }
    }

    /** Frames {@code first}..{@code first+n-1} of each of the model test's cameras. */
    private static void publishPhase(String topic, List<String> cameras, long start, int first, int n) throws Exception {
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topic)) {
            for (String cam : cameras) {
                new VideoIngest(TestAssets.media("vtest.avi"), cam, 2, start + first * 500L, first, n, 0, 0.85f, false).publish(pub, (k, q) -> {});
            }
        }
    }

    private static long rows(String db, String sql) {
        try {
            return stack.count(db, sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void model(String controlTopic, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--bootstrap-servers", stack.bootstrapServers(), "--control-topic", controlTopic));
        assertThat(io.argus.job.ModelMain.run(io.argus.job.ModelMain.FLAGS.parse(a.toArray(String[]::new)))).isZero();
    }

    @Test
    void modelsAreShadowedPromotedAndRefusedWhileTheJobRunsAndThePromotionSurvivesASavepoint() throws Exception {
        List<String> cams = List.of("north", "south", "east", "west");
        int n = 6; // frames per camera and phase
        String db = stack.createDatabase("models");
        SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
        List<String> topics = stack.createTopics("models", 2, "frames", "dlq", "events");
        String control = stack.createTopics("models", 1, "control").get(0);
        // The second model: the same network under another version, with a higher confidence threshold, so every box
        // it keeps is one the active model keeps too (an exact expectation for the comparison). The broken one is not ONNX.
        Path dir = Files.createTempDirectory("argus-models");
        Path det2 = Files.copy(TestAssets.model(), dir.resolve("det-2.onnx"));
        Path broken = Files.writeString(dir.resolve("broken.onnx"), "not a model");
        String[] job = {"--kafka.bounded", "false", "--kafka.control-topic", control, "--parallelism", "4", "--media.enabled", "false"};
        Run first = submitTo(db, topics.subList(1, 3), topics.get(0), "models", job);
        long start = System.currentTimeMillis() - 600_000;
        publishPhase(topics.get(0), cams, start, 0, n);
        Await.until("phase 1 rows", Duration.ofMinutes(4), () -> rows(db, "SELECT count(*) FROM ai_events") == cams.size() * n);
        String active = stack.count(db, "SELECT count(*) FROM models WHERE status = 'active'") == 1 ? ids(db, "SELECT id FROM models").get(0) : null;
        assertThat(active).startsWith("yolov8n:");

        model(control, "add", "det:2", "--model", det2.toString(), "--confidence", "0.5");
        model(control, "shadow", "det:2", "--replaces", active);
        Await.until("det:2 a shadow", Duration.ofMinutes(2), () -> rows(db, "SELECT count(*) FROM models WHERE id = 'det:2' AND status = 'shadow'") == 1);
        publishPhase(topics.get(0), cams, start, n, n);
        Await.until("phase 2 rows", Duration.ofMinutes(4), () -> rows(db, "SELECT count(*) FROM ai_events") == cams.size() * n * 3);

        // A broken model: ./argus model refuses to send it (it loads it here first); written to the topic anyway, the job
        // refuses it with its error, nothing else changes and the job runs on.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> model(control, "add", "broken:1", "--model", broken.toString()))
                .hasMessageContaining("does not load");
        stack.publish(List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(control, "broken:1",
                "{\"command\":\"add\",\"model\":{\"name\":\"broken\",\"version\":\"1\",\"uri\":\"" + broken.toUri() + "\"}}")));
        Await.until("broken:1 failed", Duration.ofMinutes(2), () -> rows(db, "SELECT count(*) FROM models WHERE id = 'broken:1' AND status = 'failed'") == 1);
        assertThat(ids(db, "SELECT error FROM models WHERE id = 'broken:1'").get(0)).contains("cannot load model", "broken.onnx", "INVALID_PROTOBUF");
        Await.until("the model event of the failed load", Duration.ofMinutes(1), () -> stack.readAll(topics.get(2), 1).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .anyMatch(v -> v.contains("\"kind\":\"model\"") && v.contains("\"outcome\":\"failed\"") && v.contains("broken:1")));

        model(control, "promote", "det:2");
        Await.until("det:2 promoted", Duration.ofMinutes(2), () -> rows(db, "SELECT count(*) FROM models WHERE id = 'det:2' AND status = 'active'"
                + " AND activated_at IS NOT NULL") == 1 && rows(db, "SELECT count(*) FROM models WHERE status = 'retired' AND retired_at IS NOT NULL") == 1);
        publishPhase(topics.get(0), cams, start, 2 * n, n);
        Await.until("phase 3 rows", Duration.ofMinutes(4), () -> rows(db, "SELECT count(*) FROM ai_events") == cams.size() * n * 4);
        // The old model's episodes closed when it left each camera, while the job runs.
        Await.until("the retired model's episodes closed", Duration.ofMinutes(1),
                () -> rows(db, "SELECT count(*) FROM episodes WHERE model_id = '" + active + "' AND status <> 'closed'") == 0);
        assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE model_id = '" + active + "'")).isPositive();
        assertThat(state(first.jobId)).isEqualTo("RUNNING");
        assertThat(failovers(first)).isZero();

        // Every TaskManager that runs the inference loaded the new model before (or at) its first frame.
        Path logs = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent().resolve(".argus/cluster/logs");
        for (int tm = 1; tm <= 2; tm++) {
            String log;
            try (var files = Files.list(logs)) {
                int k = tm;
                log = files.filter(f -> f.getFileName().toString().startsWith("taskmanager-" + k + ".")).map(f -> {
                    try {
                        return Files.readString(f);
                    } catch (java.io.IOException e) {
                        return "";
                    }
                }).reduce("", String::concat);
            }
            assertThat(log).as("taskmanager-%d log", tm).contains("Loaded model det version 2");
        }

        // A savepoint after the promotion; the resumed job runs the promoted model (its state, not the starting models).
        Matcher sp = Pattern.compile("savepoint: (\\S+)").matcher(script("stop", first.jobId, "--savepoint"));
        assertThat(sp.find()).isTrue();
        Run resumed = submitTo(db, topics.subList(1, 3), topics.get(0), "models", concat(new String[] {"--from-savepoint", sp.group(1)}, job));
        publishPhase(topics.get(0), cams, start, 3 * n, n);
        Await.until("phase 4 rows", Duration.ofMinutes(4), () -> rows(db, "SELECT count(*) FROM ai_events") == cams.size() * n * 5);
        try {
            for (String cam : cams) {
                // Frames 0..2n-1 on the first model, n..2n-1 also on the shadow, 2n..4n-1 on the promoted model only:
                // contiguous ids, each frame on exactly the models it should be, none missing, none doubled.
                List<String> perFrame = ids(db, "SELECT frame_id || ' ' || string_agg(model_id, ',' ORDER BY model_id) FROM ai_events"
                        + " WHERE camera_id = '" + cam + "' GROUP BY frame_id ORDER BY frame_id");
                List<String> expected = new ArrayList<>();
                for (int f = 0; f < 4 * n; f++) expected.add(f + " " + (f < n ? active : f < 2 * n ? "det:2," + active : "det:2"));
                assertThat(perFrame).as(cam).isEqualTo(expected);
            }
            // The comparison, against a recount from the raw rows: the shadow's boxes all match the active model's.
            assertThat(stack.count(db, "SELECT count(DISTINCT (camera_id, frame_id)) FROM model_comparisons")).isEqualTo(cams.size() * n);
            assertThat(stack.count(db, "SELECT sum(shadow_detections) FROM model_comparisons"))
                    .isEqualTo(stack.count(db, "SELECT sum(jsonb_array_length(detections)) FROM ai_events WHERE model_id = 'det:2' AND frame_id < " + 2 * n))
                    .isEqualTo(stack.count(db, "SELECT sum(matched) FROM model_comparisons"))
                    .isPositive();
            assertThat(stack.count(db, "SELECT sum(active_detections) FROM model_comparisons"))
                    .isEqualTo(stack.count(db, "SELECT sum(jsonb_array_length(detections)) FROM ai_events WHERE model_id = '" + active + "' AND frame_id >= " + n));
            assertThat(stack.count(db, "SELECT count(*) FROM model_comparison_hourly WHERE agreement <= 0 OR agreement > 1")).isZero();
            // The report's shadow section sums to the same boxes.
            try (var c = stack.connect(db)) {
                var shadows = io.argus.report.ReportData.load(c, java.time.Instant.now().minus(Duration.ofHours(24)), java.time.Instant.now()).shadows();
                assertThat(shadows).isNotEmpty().allMatch(r -> r.shadow().equals("det:2") && r.active().equals(active));
                assertThat(shadows.stream().mapToLong(io.argus.report.ReportData.ShadowLabel::shadowDetections).sum())
                        .isEqualTo(stack.count(db, "SELECT sum(shadow_detections) FROM model_comparisons"));
            }
            assertThat(failovers(resumed)).isZero();
        } finally {
            script("cancel", resumed.jobId);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The images' build contexts hold what their processes load: argus-flink's lib/ is this cluster's (the one list,
     * file for file: the cluster that made clips in the savepoint test), its usrlib/ the job jar; argus-ingest and
     * argus-serve start from their lib/ alone (a dry run of the sample video; the review server answering).
     */
    @Test
    void theImageContextsHoldWhatTheirProcessesLoad() throws Exception {
        script("up"); // the cluster's lib/ is in place
        LocalStack.runScript("bin/images.sh", 300, "--no-build");
        Path root = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();
        Path images = root.resolve("deploy/target/images");
        Path clusterLib = root.resolve(".argus/lib/flink");
        List<Path> jars;
        try (var files = Files.list(images.resolve("argus-flink/lib"))) {
            jars = files.toList();
        }
        assertThat(jars).extracting(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith("onnxruntime-"))
                .anyMatch(n -> n.startsWith("javacv-")).anyMatch(n -> n.startsWith("ffmpeg-") && n.contains("linux-x86_64"));
        for (Path jar : jars) {
            Path there = clusterLib.resolve(jar.getFileName());
            assertThat(there).as("the local cluster runs on " + jar.getFileName()).exists();
            assertThat(Files.size(there)).as(jar.getFileName().toString()).isEqualTo(Files.size(jar));
        }
        Path jobJar;
        try (var files = Files.list(root.resolve("jobs/target"))) {
            jobJar = files.filter(f -> f.getFileName().toString().endsWith("-job.jar")).findFirst().orElseThrow();
        }
        assertThat(Files.mismatch(images.resolve("argus-flink/usrlib/argus-job.jar"), jobJar)).isEqualTo(-1L);
        assertThat(images.resolve("argus-flink/Dockerfile")).exists();

        String java = ProcessHandle.current().info().command().orElse("java");
        Process dry = new ProcessBuilder(java, "-cp", images.resolve("argus-ingest/lib") + "/*", "io.argus.ingest.IngestMain",
                "--file", TestAssets.media("vtest.avi").toString(), "--camera", "plaza", "--dry-run").redirectErrorStream(true).start();
        String dryOut = new String(dry.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dry.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(dry.exitValue()).as(dryOut).isZero();
        assertThat(dryOut).contains("plaza", "768x576");

        ProcessBuilder serveCmd = new ProcessBuilder(java, "-cp", images.resolve("argus-serve/lib") + "/*", "io.argus.serve.ServeMain", "--port", "0",
                "--jdbc-url", stack.jdbcUrl(stack.createDatabase("images")), "--jdbc-user", stack.analystUser(),
                "--media-dir", Files.createTempDirectory("argus-images-media").toString()).redirectErrorStream(true);
        serveCmd.environment().put("ARGUS_JDBC_PASSWORD", stack.analystPassword());
        Process serve = serveCmd.start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line;
            Matcher url = null;
            while ((line = out.readLine()) != null) {
                url = Pattern.compile("review page: (http://127\\.0\\.0\\.1:\\d+/)").matcher(line);
                if (url.find()) break;
                url = null;
            }
            assertThat(url).as("the review server started from its image's lib/").isNotNull();
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Argus");
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
