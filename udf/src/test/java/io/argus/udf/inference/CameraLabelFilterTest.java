package io.argus.udf.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.frame.InferenceResult;
import io.argus.models.ModelDefinition;
import io.argus.models.ModelRole;
import io.argus.models.ModelUse;
import io.argus.vision.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraLabelFilterTest {
    private static InferenceResult result(String camera, List<String> labels) {
        InferenceResult r = new InferenceResult();
        r.envelope = new FrameEnvelope(camera, 0, 0, 0, 0, FrameEnvelope.CONTENT_TYPE_JPEG);
        r.model = new ModelUse(new ModelDefinition("det", "1", "/m.onnx", null, null, null), ModelRole.ACTIVE, null, 0, 1, labels, false, false);
        r.detections = List.of(new Detection(0, "person", 0.9f, 0, 0, 0.1f, 0.1f), new Detection(2, "car", 0.8f, 0, 0, 0.1f, 0.1f));
        return r;
    }

    @Test
    void keepsOnlyTheLabelsTheFramesCopyCarries() {
        CameraLabelFilter f = new CameraLabelFilter();
        assertThat(f.map(result("lobby", List.of("person"))).detections).extracting(d -> d.label).containsExactly("person");
        assertThat(f.map(result("yard", List.of())).detections).extracting(d -> d.label).containsExactly("person", "car");
    }
}
