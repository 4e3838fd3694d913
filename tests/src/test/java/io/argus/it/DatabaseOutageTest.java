package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.job.ArgusJob;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database goes away for 30 s while the job writes: rows are delayed (the sinks retry, the job
 * back-pressures or restarts from its last checkpoint), never lost and never doubled.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DatabaseOutageTest {
    @RegisterExtension
    // The outage outlasts a sink's retries (the job then restarts), and restarts come 2 s apart: 30 cover a minute down.
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(2, new org.apache.flink.configuration.Configuration(), 30);

    private static final int FRAMES = 60; // per camera: 30 s of the video at 2 frames/s

    @Test
    void aThirtySecondOutageLosesAndDoublesNothing() throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("outage");
        io.argus.storage.SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword()); // so we can watch rows arrive
        List<String> topics = stack.createTopics("outage", 2, "frames", "dlq", "events");
        long start = System.currentTimeMillis() - 120_000;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topics.get(0))) {
            for (String cam : List.of("north", "south")) {
                new VideoIngest(TestAssets.media("vtest.avi"), cam, 2, start, 0, FRAMES, 0, 0.85f, false).publish(pub, (n, p) -> {});
            }
        }
        CompletableFuture<Void> job = CompletableFuture.runAsync(() -> {
            try {
                ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, topics.get(0), topics.get(1),
                        "outage", "--inference.intra-op-threads", "1", "--parallelism", "2", "--jdbc.batch-size", "20"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        // Wait until rows flow, then take the database away mid-stream.
        long deadline = System.currentTimeMillis() + 120_000;
        while (stack.count(db, "SELECT count(*) FROM ai_events") < 10) {
            assertThat(System.currentTimeMillis()).as("rows before the outage").isLessThan(deadline);
            assertThat(job).isNotDone();
            Thread.sleep(200);
        }
        long before = stack.count(db, "SELECT count(*) FROM ai_events");
        try {
            stack.control("pg-stop");
            Thread.sleep(30_000);
        } finally {
            stack.control("pg-start");
        }
        job.get(6, TimeUnit.MINUTES);

        assertThat(before).isLessThan(2 * FRAMES); // the outage really was mid-stream
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events")).isEqualTo(2 * FRAMES);
        assertThat(stack.count(db, "SELECT count(DISTINCT (camera_id, frame_id)) FROM ai_events")).isEqualTo(2 * FRAMES);
        assertThat(stack.count(db, "SELECT count(*) FROM detections"))
                .isEqualTo(stack.count(db, "SELECT sum(jsonb_array_length(detections)) FROM ai_events"));
        assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE status = 'open'")).isZero();
        assertThat(stack.count(db, "SELECT count(*) FROM episodes")).isPositive();
    }
}
