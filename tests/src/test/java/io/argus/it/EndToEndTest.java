package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.envelope.FrameEnvelope;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.job.ArgusJob;
import io.argus.job.ArgusJobConfig;
import io.argus.sinks.DeadLetterSerializer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walking skeleton, for real: frames of the sample video (people walking) and a set of
 * malformed records go through a real Kafka broker into the Argus job in a Flink MiniCluster,
 * which runs the real model and writes into a real PostgreSQL database.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES) // a job that restarts forever must not hang CI
class EndToEndTest {
    private static final int FRAMES = 40; // 20 s of the video at 2 fps
    private static final String CAMERA = "it-entrance";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(2);

    private static LocalStack stack;
    private static String db;
    private static String framesTopic;
    private static String dlqTopic;
    private static String eventsTopic;
    private static Map<String, Integer> expectedDeadLetters;
    private static final long PRE_ROLL_MS = 3000, POST_ROLL_MS = 2000;
    private static final long FRAME_INTERVAL_MS = 500; // 2 frames/s
    private static java.nio.file.Path mediaDir;

    @BeforeAll
    static void publish() throws Exception {
        stack = LocalStack.load();
        db = stack.createDatabase("e2e");
        mediaDir = java.nio.file.Files.createTempDirectory("argus-e2e-media");
        List<String> topics = stack.createTopics("e2e", 2, "frames", "dlq", "events");
        framesTopic = topics.get(0);
        dlqTopic = topics.get(1);
        eventsTopic = topics.get(2);
        long start = System.currentTimeMillis() - 60_000;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), framesTopic)) {
            long last = new VideoIngest(TestAssets.media("vtest.avi"), CAMERA, 2, start, 0, FRAMES, 0, 0.85f, false)
                    .publish(pub, (n, p) -> {});
            assertThat(last).isEqualTo(FRAMES - 1);
            // Captured a minute after the video (2 frames/s): the one that reaches inference is not late for the
            // camera, and its bytes (no picture) fall in no episode's clip window.
            expectedDeadLetters = new BadFrames(pub).everyMalformation(CAMERA, start + FRAMES * 500L + 60_000).expected();
            pub.flush();
            assertThat(pub.failed()).isZero();
        }
    }

    @AfterAll
    static void deleteMedia() throws Exception {
        if (mediaDir == null) return;
        try (var files = java.nio.file.Files.walk(mediaDir)) {
            for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
    }

    private static ArgusJobConfig config(String group) throws Exception {
        return JobConfigs.bounded(stack, db, framesTopic, dlqTopic, group,
                "--frames.max-payload-bytes", Integer.toString(BadFrames.MAX_PAYLOAD), "--inference.intra-op-threads", "1", "--parallelism", "2",
                "--media.enabled", "true", "--media.dir", mediaDir.toString(),
                "--media.clip.pre-roll", PRE_ROLL_MS + "ms", "--media.clip.post-roll", POST_ROLL_MS + "ms");
    }

    private static long count(String sql) throws Exception {
        return stack.count(db, sql);
    }

    @Test
    void framesBecomeAiEventsAndBadRecordsBecomeDeadLetters() throws Exception {
        ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), config("e2e-1"));

        // Frame count in equals rows out: one row per good frame, none for the bad ones.
        assertThat(count("SELECT count(*) FROM ai_events")).isEqualTo(FRAMES);
        assertThat(count("SELECT count(DISTINCT frame_id) FROM ai_events WHERE frame_id BETWEEN 0 AND " + (FRAMES - 1)))
                .isEqualTo(FRAMES);
        // People walk through the whole clip: nearly every frame has a confident person.
        long withPerson = count("""
                SELECT count(*) FROM ai_events
                WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(detections) d
                              WHERE d->>'label' = 'person' AND (d->>'confidence')::float > 0.5)""");
        assertThat(withPerson).isGreaterThanOrEqualTo(FRAMES - 2);
        // Boxes are normalised and inside the frame.
        assertThat(count("""
                SELECT count(*) FROM ai_events, jsonb_array_elements(detections) d
                WHERE (d->>'x')::float < 0 OR (d->>'y')::float < 0
                   OR (d->>'x')::float + (d->>'w')::float > 1.0001 OR (d->>'y')::float + (d->>'h')::float > 1.0001""")).isZero();
        // Seed columns: model id and version, inference latency, capture time from the envelope.
        assertThat(count("SELECT count(*) FROM ai_events WHERE model_id LIKE 'yolov8n:%' AND camera_id = '" + CAMERA + "'"
                + " AND (event_metadata->>'inference_ms')::float > 0 AND event_metadata->>'model_version' IS NOT NULL"))
                .isEqualTo(FRAMES);
        assertThat(count("SELECT count(*) FROM models WHERE name = 'yolov8n' AND status = 'active'")).isEqualTo(1);

        // Every malformed record is in the dead-letter topic with its specific reason and original headers.
        Map<String, Integer> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : stack.readAll(dlqTopic, expectedDeadLetters.values().stream().mapToInt(i -> i).sum())) {
            reasons.merge(header(r, DeadLetterSerializer.H_REASON), 1, Integer::sum);
            assertThat(header(r, DeadLetterSerializer.H_DETAIL)).isNotBlank();
            if ("payload-too-large".equals(header(r, DeadLetterSerializer.H_REASON))) {
                assertThat(r.value()).isNull();
                assertThat(header(r, DeadLetterSerializer.H_ORIGINAL_BYTES)).isEqualTo("400000");
            } else if (!"bad-camera-id".equals(header(r, DeadLetterSerializer.H_REASON))) {
                assertThat(header(r, FrameEnvelope.H_CAMERA_ID)).isEqualTo(CAMERA); // original headers kept
            }
        }
        assertThat(reasons).isEqualTo(expectedDeadLetters);

        // People walking through become episodes: tracked, debounced, all closed once the input ended.
        long episodes = count("SELECT count(*) FROM episodes WHERE label = 'person'");
        assertThat(episodes).isPositive();
        assertThat(count("SELECT count(*) FROM episodes WHERE status <> 'closed'")).isZero();
        assertThat(count("SELECT count(*) FROM episodes WHERE ended_at - started_at < interval '1 second'")).isZero();
        // Plausible: far fewer episodes than person detections (one per walk, not one per frame).
        long personDetections = count("SELECT count(*) FROM ai_events, jsonb_array_elements(detections) d WHERE d->>'label' = 'person'");
        assertThat(episodes * 4).isLessThan(personDetections);
        // Every closed episode also went to the events topic for real-time consumers.
        long closedEvents = stack.readAll(eventsTopic, (int) episodes).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .filter(j -> j.contains("\"kind\":\"episode\"") && j.contains("\"status\":\"closed\"") && j.contains("\"label\":\"person\""))
                .count();
        assertThat(closedEvents).isEqualTo(episodes);

        // One detections row per object; the job's rollups equal a recomputation from the raw rows.
        assertThat(count("SELECT count(*) FROM detections"))
                .isEqualTo(count("SELECT coalesce(sum(jsonb_array_length(detections)), 0) FROM ai_events"));
        assertThat(count("SELECT count(*) FROM detections WHERE track_id IS NOT NULL")).isPositive();
        for (String unit : List.of("hour", "day")) {
            String table = unit.equals("hour") ? "rollups_hourly" : "rollups_daily";
            assertThat(rows("SELECT camera_id, model_id, label, bucket, detections, frames, max_concurrent, round(mean_confidence::numeric, 3), "
                    + "episodes_started, round(time_in_view_s::numeric, 1) FROM " + table + " ORDER BY 1, 2, 3, 4"))
                    .as(table)
                    .isEqualTo(rows(recomputedRollups(unit)))
                    .isNotEmpty();
        }

        // Pipeline health: every good frame processed, the undecodable one skipped, latencies recorded.
        assertThat(count("SELECT sum(frames_processed) FROM pipeline_health_hourly WHERE camera_id = '" + CAMERA + "'")).isEqualTo(FRAMES);
        assertThat(count("SELECT sum(frames_skipped) FROM pipeline_health_hourly WHERE camera_id = '" + CAMERA + "'")).isEqualTo(1);
        // Rejected by the envelope rules: 10 of this camera (all but the undecodable one, skipped at inference,
        // and the hostile camera id, which counts as 'unknown').
        assertThat(count("SELECT sum(frames_dead_lettered) FROM pipeline_health_hourly WHERE camera_id = '" + CAMERA + "'")).isEqualTo(10);
        assertThat(count("SELECT sum(frames_dead_lettered) FROM pipeline_health_hourly WHERE camera_id = 'unknown'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pipeline_health_hourly WHERE inference_p50_ms > 0 AND inference_p95_ms >= inference_p50_ms"))
                .isPositive();

        // Every closed episode has its final snapshot and its clip.
        EpisodeMediaChecks.assertEveryClosedEpisodeHasMedia(stack, db, CAMERA, PRE_ROLL_MS, POST_ROLL_MS, FRAME_INTERVAL_MS);

        // Replay everything from the start under a new consumer group: the same rows, no duplicates.
        Timestamps before = timestamps();
        long allEpisodes = count("SELECT count(*) FROM episodes");
        List<String> mediaRows = rows("SELECT episode_id, uri, frame_id FROM snapshots ORDER BY 1");
        List<String> clipRows = rows("SELECT episode_id, uri, frames, duration_ms FROM clips ORDER BY 1");
        ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), config("e2e-2"));
        assertThat(count("SELECT count(*) FROM ai_events")).isEqualTo(FRAMES);
        assertThat(timestamps()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM episodes")).isEqualTo(allEpisodes);
        // Media: the same rows and files, overwritten in place (3 files per episode, nothing else).
        assertThat(rows("SELECT episode_id, uri, frame_id FROM snapshots ORDER BY 1")).isEqualTo(mediaRows);
        assertThat(rows("SELECT episode_id, uri, frames, duration_ms FROM clips ORDER BY 1")).isEqualTo(clipRows);
        try (var files = java.nio.file.Files.walk(mediaDir)) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile).count()).isEqualTo(3 * allEpisodes);
        }
    }

    /** The rollups as SQL computes them from detections and episodes (UTC buckets). */
    private static String recomputedRollups(String unit) {
        return """
                WITH per_frame AS (
                  SELECT camera_id, model_id, label, date_trunc('%1$s', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket, frame_id,
                         count(*) AS n, sum(confidence) AS cs
                  FROM detections GROUP BY 1, 2, 3, 4, 5),
                objects AS (
                  SELECT camera_id, model_id, label, bucket, sum(n) AS detections, count(*) AS frames, max(n) AS max_concurrent,
                         sum(cs) / sum(n) AS mean_confidence
                  FROM per_frame GROUP BY 1, 2, 3, 4),
                gaps AS (
                  SELECT camera_id, model_id, label, date_trunc('%1$s', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
                         extract(epoch FROM ts - lag(ts) OVER (PARTITION BY camera_id, model_id, track_id ORDER BY ts)) AS g
                  FROM detections WHERE track_id IS NOT NULL),
                in_view AS (SELECT camera_id, model_id, label, bucket, sum(least(coalesce(g, 0), 2.0)) AS s FROM gaps GROUP BY 1, 2, 3, 4),
                started AS (
                  SELECT camera_id, model_id, label, date_trunc('%1$s', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
                         count(*) AS n
                  FROM episodes GROUP BY 1, 2, 3, 4)
                SELECT o.camera_id, o.model_id, o.label, o.bucket, o.detections, o.frames, o.max_concurrent,
                       round(o.mean_confidence::numeric, 3), coalesce(st.n, 0), round(coalesce(v.s, 0)::numeric, 1)
                FROM objects o
                LEFT JOIN in_view v USING (camera_id, model_id, label, bucket)
                LEFT JOIN started st USING (camera_id, model_id, label, bucket)
                ORDER BY 1, 2, 3, 4""".formatted(unit);
    }

    private static List<String> rows(String sql) throws Exception {
        return stack.rows(db, sql, " | ");
    }

    /** created_at of the first and last row: a replay that upserts must keep them. */
    private record Timestamps(String first, String last) {}

    private static Timestamps timestamps() throws Exception {
        try (Connection c = stack.connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT min(created_at)::text, max(created_at)::text FROM ai_events")) {
            r.next();
            return new Timestamps(r.getString(1), r.getString(2));
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
