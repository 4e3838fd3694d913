package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.inference.SharedDetectors;
import io.argus.job.ArgusJob;
import io.argus.sinks.DeadLetterSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several models per camera from a cameras file: each camera gets rows from exactly its models,
 * keeps only its labels, and a camera that is not in the file is dead-lettered.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MultiModelTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(2, CapturingReporter.configure());

    private static final int FRAMES = 8;

    @Test
    void eachCameraGetsItsModelsAndLabels(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("multi");
        List<String> topics = stack.createTopics("multi", 2, "frames", "dlq", "events");
        Path cameras = dir.resolve("cameras.yaml");
        String model = TestAssets.model().toAbsolutePath().toString();
        Files.writeString(cameras, """
                models:
                  general: {path: %s}
                  strict: {path: %s, confidence-threshold: 0.7}
                cameras:
                  - id: lobby
                    models: [general]
                  - id: door
                    models: [general, strict]
                    labels: [person]
                """.formatted(model, model));
        long start = System.currentTimeMillis() - 60_000;
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topics.get(0))) {
            for (String cam : List.of("lobby", "door", "attic")) {
                new VideoIngest(TestAssets.media("vtest.avi"), cam, 2, start, 0, FRAMES, 0, 0.85f, false).publish(pub, (n, p) -> {});
            }
        }

        CapturingReporter.clear();
        long sessionsBefore = SharedDetectors.opened();
        ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, topics.get(0), topics.get(1),
                "multi", "--cameras.config", cameras.toString(), "--inference.intra-op-threads", "1"));

        assertThat(stack.count(db, "SELECT count(*) FROM ai_events WHERE camera_id = 'lobby' AND model_id LIKE 'general:%'")).isEqualTo(FRAMES);
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events WHERE camera_id = 'lobby' AND model_id LIKE 'strict:%'")).isZero();
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events WHERE camera_id = 'door' AND model_id LIKE 'general:%'")).isEqualTo(FRAMES);
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events WHERE camera_id = 'door' AND model_id LIKE 'strict:%'")).isEqualTo(FRAMES);
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events WHERE camera_id = 'attic'")).isZero();
        assertThat(stack.count(db, "SELECT count(*) FROM models")).isEqualTo(2);
        // The lobby keeps every label (the parked cars), the door only people.
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events, jsonb_array_elements(detections) d "
                + "WHERE camera_id = 'lobby' AND d->>'label' <> 'person'")).isPositive();
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events, jsonb_array_elements(detections) d "
                + "WHERE camera_id = 'door' AND d->>'label' <> 'person'")).isZero();
        // The strict model's threshold holds, and it still sees the people.
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events, jsonb_array_elements(detections) d "
                + "WHERE model_id LIKE 'strict:%' AND (d->>'confidence')::float < 0.7")).isZero();
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events WHERE model_id LIKE 'strict:%' AND jsonb_array_length(detections) > 0"))
                .isPositive();
        // Each inference subtask loaded the file's first model (general) once, at open, and its frames used
        // that session; strict was loaded only where the door's frames went. Not argus.model.* (no camera
        // uses it), and never one model twice.
        assertThat(CapturingReporter.sum("modelsLoaded", "detect objects")).as("%s", CapturingReporter.values("modelsLoaded")).isEqualTo(2 + 1);
        // And this JVM (the client and the MiniCluster's TaskManager) opened each model's ONNX session once:
        // the tasks shared the sessions the job loaded before it was submitted.
        assertThat(SharedDetectors.opened() - sessionsBefore).isEqualTo(2);
        // The camera that is not in the file is dead-lettered, each frame with its reason.
        var dlq = stack.readAll(topics.get(1), FRAMES);
        assertThat(dlq).hasSize(FRAMES);
        assertThat(dlq).allMatch(r -> "unknown-camera".equals(new String(
                r.headers().lastHeader(DeadLetterSerializer.H_REASON).value(), StandardCharsets.UTF_8)));
    }
}
