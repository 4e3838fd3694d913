package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.config.CameraSpec;
import io.argus.ingest.CameraPublisher;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.IngestRunner;
import io.argus.job.ArgusJob;
import io.argus.sinks.DeadLetterSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog, as after an outage or a bulk upload: eight file cameras of the sample video, four at
 * 0.5 frames/s and four at 2.5 frames/s, all captured from the same instant a day ago, are published
 * first (as fast as the broker takes them) into four partitions, fast and slow cameras sharing some.
 * Then one bounded run of the job reads it all. Partitions are read at different rates and a fast
 * camera's capture times run ahead of its slow neighbour's in the same partition, so any clock shared
 * between cameras would call the slow cameras' frames late: each camera's event time must be its own.
 * And while a backlog is read, a partition can wait its turn for longer than a camera's quiet time
 * ({@code argus.watermark.idleness}, wall clock): that camera is not quiet, and its episodes must not
 * depend on when its partition was read (twins of one rate must end up with the same episodes).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES) // a job that restarts forever must not hang CI
class BacklogTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(2);

    private static final int PARTITIONS = 4;
    // Chosen so that Kafka's default partitioner (murmur2 of the key) spreads them over all four
    // partitions, partitions 1 and 2 holding a slow and a fast camera each (asserted below from the records).
    private static final List<String> SLOW = List.of("backlog-slow-1", "backlog-slow-2", "backlog-slow-3", "backlog-slow-4");
    private static final List<String> FAST = List.of("backlog-fast-1", "backlog-fast-2", "backlog-fast-3", "backlog-fast-4");
    // 79.5 s of video: 0.5 frames/s keeps frames at 0, 2, ..., 78 s; 2.5 frames/s at 0, 0.4, ..., 79.2 s.
    private static final int SLOW_FRAMES = 40, FAST_FRAMES = 199;

    @Test
    void everyCameraOfABacklogKeepsEveryFrameAndTheSameEpisodesAsItsTwins(@TempDir Path ingestState) throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("backlog");
        List<String> topics = stack.createTopics("backlog", PARTITIONS, "frames", "dlq", "events");
        String framesTopic = topics.get(0), dlqTopic = topics.get(1);

        // The backlog, published by ingest itself: one thread per camera through one producer, so the
        // cameras' frames interleave in the partitions as they would after an outage. Capture times
        // are data: the same fixed start for every camera, a day ago (inside one hour).
        String start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1)).plus(Duration.ofMinutes(10)).toString();
        List<CameraSpec> cameras = new ArrayList<>();
        for (String id : SLOW) cameras.add(fileCamera(id, 0.5, start));
        for (String id : FAST) cameras.add(fileCamera(id, 2.5, start));
        Map<String, Long> published = new TreeMap<>();
        long t0 = System.nanoTime();
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), framesTopic)) {
            IngestRunner runner = new IngestRunner(cameras, null, pub, ingestState, CameraPublisher.CameraStatusListener.NONE);
            runner.start();
            assertThat(runner.awaitAll(120_000)).as("every file camera reached the end of the video").isTrue();
            runner.close(); // flushes
            for (CameraSpec c : cameras) published.put(c.id(), runner.camera(c.id()).published());
            assertThat(pub.failed()).isZero();
        }
        long publishMs = (System.nanoTime() - t0) / 1_000_000;
        for (String id : SLOW) assertThat(published.get(id)).as(id).isEqualTo(SLOW_FRAMES);
        for (String id : FAST) assertThat(published.get(id)).as(id).isEqualTo(FAST_FRAMES);
        int total = Math.toIntExact(published.values().stream().mapToLong(Long::longValue).sum());

        // The backlog is really in the topic, and really shared: each camera on one partition, all four
        // partitions used, and at least one partition holding both a slow and a fast camera.
        Map<String, Set<Integer>> partitionsOf = new TreeMap<>();
        Map<String, Long> inTopic = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : stack.readAll(framesTopic, total)) {
            String camera = new String(r.key(), StandardCharsets.UTF_8);
            partitionsOf.computeIfAbsent(camera, k -> new TreeSet<>()).add(r.partition());
            inTopic.merge(camera, 1L, Long::sum);
        }
        assertThat(inTopic).isEqualTo(published);
        Map<Integer, Set<String>> camerasOn = new TreeMap<>();
        partitionsOf.forEach((camera, parts) -> {
            assertThat(parts).as(camera + "'s partitions").hasSize(1);
            camerasOn.computeIfAbsent(parts.iterator().next(), k -> new TreeSet<>()).add(camera);
        });
        assertThat(camerasOn).as("cameras per partition").hasSize(PARTITIONS);
        assertThat(camerasOn.values()).as("cameras per partition")
                .anyMatch(on -> on.stream().anyMatch(SLOW::contains) && on.stream().anyMatch(FAST::contains));

        // One bounded run over the whole backlog (media off: JobConfigs' default).
        t0 = System.nanoTime();
        ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, framesTopic, dlqTopic, "backlog",
                "--inference.intra-op-threads", "1", "--parallelism", "2"));
        long jobMs = (System.nanoTime() - t0) / 1_000_000;

        Map<String, Long> rows = perCamera(stack, db, "SELECT camera_id, count(*) FROM ai_events GROUP BY 1");
        Map<String, String> detections = perCameraText(stack, db, """
                SELECT camera_id, count(*) FILTER (WHERE jsonb_array_length(detections) > 0) || ' frames with objects, '
                       || coalesce(sum(jsonb_array_length(detections)), 0) || ' objects, md5 '
                       || left(md5(string_agg(ts::text || detections::text, ';' ORDER BY frame_id)), 8)
                FROM ai_events GROUP BY 1""");
        Map<String, String> personEpisodes = perCameraText(stack, db, """
                SELECT camera_id, count(*) || ' episodes, ' || sum(frames) || ' frames'
                FROM episodes WHERE label = 'person' GROUP BY 1""");
        Map<String, Long> deadLetters = deadLettersByReason(stack, dlqTopic);
        System.out.printf("BacklogTest: published %d frames in %d ms, job ran %d ms%n  cameras per partition %s%n  published %s%n"
                        + "  ai_events %s%n  dead letters %s%n  detections %s%n  person episodes %s%n",
                total, publishMs, jobMs, camerasOn, published, rows, deadLetters, detections, personEpisodes);

        // Every published frame became exactly one row: none late, none lost, none twice.
        assertThat(rows).isEqualTo(published);
        assertThat(stack.count(db, "SELECT count(DISTINCT (camera_id, frame_id)) FROM ai_events")).isEqualTo(total);
        // Nothing was dead-lettered: above all no frame was called late because another camera was ahead.
        assertThat(deadLetters.getOrDefault("late-frame", 0L)).as("late-frame dead letters").isZero();
        assertThat(deadLetters).as("dead letters by reason").isEmpty();

        // People walk through the whole video: every camera has episodes, all closed at the end of input.
        assertThat(perCamera(stack, db, "SELECT camera_id, count(*) FROM episodes GROUP BY 1").keySet())
                .containsExactlyInAnyOrderElementsOf(published.keySet());
        assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE status <> 'closed'")).isZero();
        // Same video, same sampling, same capture times: the same frames, so the same detections (each
        // frame's boxes and scores, bit for bit: batching does not change them) and then the same person
        // episodes for each camera of a rate. The detections are compared first, so a difference in
        // episodes is the job's doing (its event time, tracking or episodes depended on the partition,
        // the neighbours or the read rate), not the model's.
        for (List<String> twins : List.of(SLOW, FAST)) {
            for (String id : twins) {
                assertThat(detections.get(id)).as(id + " detections, as " + twins.get(0)).isEqualTo(detections.get(twins.get(0)));
                assertThat(personEpisodes.get(id)).as(id + " person episodes, as " + twins.get(0))
                        .isNotNull().isEqualTo(personEpisodes.get(twins.get(0)));
            }
        }
    }

    private static CameraSpec fileCamera(String id, double fps, String startTime) {
        // Not real-time: the whole file as fast as the broker takes it, as a backlog is.
        return new CameraSpec(id, id, TestAssets.media("vtest.avi").toString(), fps, List.of(), List.of(), List.of(), List.of(),
                new CameraSpec.Ingest(false, false, 0, 0.85, startTime, "exif"));
    }

    /** Dead letters per error-reason header; the topic's end offsets say how many to wait for (none: no waiting). */
    private static Map<String, Long> deadLettersByReason(LocalStack stack, String topic) {
        long n;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            n = c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum(); // the sink is at-least-once: no transaction markers
        }
        Map<String, Long> reasons = new TreeMap<>();
        if (n == 0) return reasons;
        for (ConsumerRecord<byte[], byte[]> r : stack.readAll(topic, (int) n)) {
            Header h = r.headers().lastHeader(DeadLetterSerializer.H_REASON);
            reasons.merge(h == null ? "(no reason)" : new String(h.value(), StandardCharsets.UTF_8), 1L, Long::sum);
        }
        return reasons;
    }

    private static Map<String, Long> perCamera(LocalStack stack, String db, String sql) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        perCameraText(stack, db, sql).forEach((k, v) -> out.put(k, Long.parseLong(v)));
        return out;
    }

    private static Map<String, String> perCameraText(LocalStack stack, String db, String sql) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = stack.connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) out.put(r.getString(1), r.getString(2));
        }
        return out;
    }
}
