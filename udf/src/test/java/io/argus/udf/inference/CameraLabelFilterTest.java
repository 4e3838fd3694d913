package io.argus.udf.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CameraLabelFilterTest {
    private static InferenceResult result(String camera) {
        InferenceResult r = new InferenceResult();
        r.envelope = new FrameEnvelope(camera, 0, 0, 0, 0, FrameEnvelope.CONTENT_TYPE_JPEG);
        r.detections = List.of(new Detection(0, "person", 0.9f, 0, 0, 0.1f, 0.1f), new Detection(2, "car", 0.8f, 0, 0, 0.1f, 0.1f));
        return r;
    }

    @Test
    void keepsOnlyTheCamerasLabelsAndLeavesOtherCamerasAlone() {
        CameraLabelFilter f = new CameraLabelFilter(Map.of("lobby", Set.of("person")));
        assertThat(f.map(result("lobby")).detections).extracting(d -> d.label).containsExactly("person");
        assertThat(f.map(result("yard")).detections).extracting(d -> d.label).containsExactly("person", "car");
    }
}
