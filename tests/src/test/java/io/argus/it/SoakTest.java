package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusPipeline;
import io.argus.job.KafkaEndpoints;
import io.argus.job.Sinks;
import io.argus.sinks.JdbcSinks;
import io.argus.storage.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 48 hours of 16 cameras in a few minutes: synthetic detections ({@link SoakScenario}) through the
 * real job graph (Kafka source with 4 partitions of very different rates, each camera's clock,
 * ordered async "inference", tracking, episodes, actions, rollups, health, RocksDB state, JDBC sinks
 * into the real PostgreSQL), with quiet cameras, an outage backlog, re-sent frames and a failure
 * that restarts the job from a checkpoint. Every hourly and daily rollup and every health row is
 * then compared with an independent SQL recount from the raw rows ({@link SoakOracle}).
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class SoakTest {
    private static final long GAP_S = 60, MAX_LOST_S = 30, MIN_DURATION_S = 20, QUIET_S = 5;

    @Test
    void fortyEightHoursOfSixteenCamerasEveryDerivedRowEqualsARecountFromTheRawRows(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("soak");
        List<String> topics = stack.createTopics("soak", SoakScenario.PARTITIONS, "frames", "dlq", "events");
        List<SoakScenario.Frame> frames = SoakScenario.publishOrder();
        long unique = frames.stream().filter(f -> !f.resend()).count();
        long objects = frames.stream().filter(f -> !f.resend()).mapToLong(f -> f.objects().size()).sum();
        publish(stack, topics.get(0), frames);
        System.out.printf("soak: published %d frames (%d re-sent) of %d cameras, %d objects%n", frames.size(), frames.size() - unique,
                SoakScenario.CAMERAS, objects);

        ArgusJobConfig cfg = JobConfigs.bounded(stack, db, topics.get(0), topics.get(1), "soak",
                "--kafka.bounded", "false",
                "--episodes.gap", GAP_S + "s", "--tracker.max-lost", MAX_LOST_S + "s", "--episodes.min-duration", MIN_DURATION_S + "s",
                "--episodes.upsert-every", "10min", "--watermark.idleness", QUIET_S + "s", "--checkpoint.interval", "3s",
                // The whole backlog is read in about two minutes: frames that reach the job within 10 min of capture are live.
                "--watermark.live-within", "10min",
                "--jdbc.batch-size", "2000");
        var j = cfg.jdbc();
        SchemaMigrator.migrate(j.url(), j.user(), j.password());

        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        SyntheticDetector.reset();
        long failAfter = unique * 2 / 5; // a failure after 40% of the frames: the job restarts from its last checkpoint
        ArgusPipeline.build(env, cfg, KafkaEndpoints.framesSource(cfg), null, Sinks.production(cfg),
                (settings, first) -> new SyntheticDetector(failAfter));
        long t0 = System.currentTimeMillis();
        JobClient job = env.executeAsync("argus-soak");
        try {
            // Every frame becomes a row (the job never ends by itself: it is a live job with a backlog).
            long rows = 0, deadline = t0 + 8 * 60_000;
            while (rows < unique && System.currentTimeMillis() < deadline && !job.getJobStatus().get().isGloballyTerminalState()) {
                Thread.sleep(2000);
                rows = stack.count(db, "SELECT count(*) FROM ai_events");
                System.out.printf("soak: %d of %d frames are rows after %d s%n", rows, unique, (System.currentTimeMillis() - t0) / 1000);
            }
            assertThat(rows).as("ai_events rows").isEqualTo(unique);
            long caughtUp = System.currentTimeMillis();
            assertThat(SyntheticDetector.FAILED).as("the injected failure happened").isTrue();

            // The backlog is in and its last frames were live; every camera is now quiet by the wall clock:
            // its episodes close within the gap + 30 s.
            long open = -1;
            while (System.currentTimeMillis() < caughtUp + (GAP_S + 30) * 1000) {
                open = stack.count(db, "SELECT count(*) FROM episodes WHERE status = 'open'");
                if (open == 0) break;
                Thread.sleep(1000);
            }
            assertThat(open).as("episodes still open %d s after the backlog was in", (System.currentTimeMillis() - caughtUp) / 1000).isZero();
            System.out.printf("soak: caught up after %d s; no episode open %d s later%n", (caughtUp - t0) / 1000,
                    (System.currentTimeMillis() - caughtUp) / 1000);
        } finally {
            // Drain: the end of input writes every row that is still open (the last hour and day).
            job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(3, TimeUnit.MINUTES);
        }

        try (Connection c = stack.connect(db)) {
            assertThat(stack.count(db, "SELECT count(*) FROM detections")).as("detections rows").isEqualTo(objects);
            assertThat(SoakOracle.rollupMismatches(c, "hour", MAX_LOST_S)).as("hourly rollups vs recount").isEmpty();
            assertThat(SoakOracle.rollupMismatches(c, "day", MAX_LOST_S)).as("daily rollups vs recount").isEmpty();
            assertThat(SoakOracle.healthMismatches(c)).as("health rows vs recount").isEmpty();
            // Rows really exist for every hour of every camera (none empty), and for each day (two midnights).
            long end = SoakScenario.START + SoakScenario.HOURS * SoakScenario.HOUR - 1;
            long hours = Math.floorDiv(end, SoakScenario.HOUR) - Math.floorDiv(SoakScenario.START, SoakScenario.HOUR) + 1;
            assertThat(stack.count(db, "SELECT count(DISTINCT (camera_id, bucket)) FROM rollups_hourly WHERE label = 'person'"))
                    .isEqualTo(SoakScenario.CAMERAS * hours);
            long days = Math.floorDiv(SoakScenario.START + SoakScenario.HOURS * SoakScenario.HOUR - 1, 24 * SoakScenario.HOUR)
                    - Math.floorDiv(SoakScenario.START, 24 * SoakScenario.HOUR) + 1;
            assertThat(stack.count(db, "SELECT count(DISTINCT bucket) FROM rollups_daily")).isEqualTo(days);
            // One continuous stay, one episode (hand-countable from the scenario), none left open, no track id twice.
            for (int cam = 0; cam < SoakScenario.CAMERAS; cam++) {
                String camera = SoakScenario.camera(cam);
                for (String label : List.of("person", "car", "truck")) {
                    long want = SoakScenario.expectedEpisodes(frames, camera, label, MAX_LOST_S * 1000, MIN_DURATION_S * 1000);
                    assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE camera_id = '" + camera + "' AND label = '" + label + "'"))
                            .as("%s episodes of %s", label, camera).isEqualTo(want);
                }
            }
            assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE status <> 'closed'")).isZero();
            // Identities: the camera whose ingest started its ids again has two frames for many an id, and
            // lost none of them; no track id comes back after its track ended (quiet periods cleared scenes).
            String restarted = SoakScenario.ID_RESTART_CAMERA;
            assertThat(stack.count(db, "SELECT count(*) - count(DISTINCT frame_id) FROM ai_events WHERE camera_id = '" + restarted + "'"))
                    .as("frame ids used twice by %s", restarted).isPositive();
            assertThat(stack.count(db, "SELECT count(*) FROM ai_events WHERE camera_id = '" + restarted + "'"))
                    .isEqualTo(frames.stream().filter(f -> !f.resend() && f.camera().equals(restarted)).count());
            assertThat(stack.count(db, "SELECT count(*) FROM (SELECT ts - lag(ts) OVER (PARTITION BY camera_id, model_id, track_id ORDER BY ts) AS g "
                    + "FROM detections WHERE track_id IS NOT NULL) t WHERE g > interval '" + MAX_LOST_S + " seconds'"))
                    .as("track ids seen again after their track was lost").isZero();
            assertThat(stack.count(db, "SELECT count(*) FROM (SELECT 1 FROM detections WHERE track_id IS NOT NULL "
                    + "GROUP BY camera_id, model_id, track_id HAVING count(DISTINCT label) > 1) t")).isZero();
            assertThat(stack.count(db, "SELECT count(*) FROM (SELECT 1 FROM episodes GROUP BY camera_id, model_id, track_id HAVING count(*) > 1) t"))
                    .as("track ids used by two episodes").isZero();
        }
        // Nothing was late: no camera's frames were judged by another camera's time. The one dead letter is
        // the frame captured a day ahead, and it moved no camera's time (or that camera's frames would be late).
        var dead = stack.readAll(topics.get(1), 1);
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(io.argus.sinks.DeadLetterSerializer.H_REASON).value()))
                .containsExactly("timestamp-out-of-range");
        assertThat(stack.count(db, "SELECT coalesce(sum(frames_dead_lettered), 0) FROM pipeline_health_hourly WHERE camera_id = '"
                + SoakScenario.camera(7) + "'")).isEqualTo(1);
        assertThat(stack.count(db, "SELECT coalesce(sum(frames_dead_lettered), 0) FROM pipeline_health_hourly")).isEqualTo(1);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, SoakScenario.Frame f, long frameId, long ts, long recordTs) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, f.partition(), recordTs, f.camera().getBytes(), f.payload());
        new FrameEnvelope(f.camera(), frameId, ts, 640, 480, FrameEnvelope.CONTENT_TYPE_JPEG).toHeaders()
                .forEach((k, v) -> r.headers().add(new RecordHeader(k, v)));
        return r;
    }

    private static void publish(LocalStack stack, String topic, List<SoakScenario.Frame> frames) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        org.apache.kafka.clients.producer.Callback failures = (m, e) -> {
            if (e != null) failed.incrementAndGet();
        };
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < frames.size(); i++) {
                SoakScenario.Frame f = frames.get(i);
                p.send(record(topic, f, f.frameId(), f.ts(), f.ts()), failures);
                // Half way: a frame of camera 7 whose capture time is a day ahead (a broken camera clock). Its
                // record timestamp is now: the broker refuses record timestamps far ahead, and with them their batch.
                if (i == frames.size() / 2) {
                    SoakScenario.Frame c7 = frames.stream().filter(g -> g.camera().equals(SoakScenario.camera(7))).findFirst().orElseThrow();
                    long now = System.currentTimeMillis();
                    p.send(record(topic, c7, 999_999, now + 24 * SoakScenario.HOUR, now), failures);
                }
            }
            p.flush();
            assertThat(failed.get()).as("frames the broker refused").isZero();
        }
    }
}
