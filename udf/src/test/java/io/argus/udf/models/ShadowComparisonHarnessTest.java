package io.argus.udf.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.frame.InferenceResult;
import io.argus.models.ModelDefinition;
import io.argus.models.ModelRole;
import io.argus.models.ModelUse;
import io.argus.vision.Detection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Shadow comparison with Flink's harness: rows once every copy of a frame is in, nothing kept after. */
class ShadowComparisonHarnessTest {
    private static final ModelDefinition V1 = new ModelDefinition("det", "1", "/m/det1.onnx", null, null, null);
    private static final ModelDefinition V2 = new ModelDefinition("det", "2", "/m/det2.onnx", null, null, null);

    private static InferenceResult copy(long frame, ModelDefinition m, ModelRole role, List<Detection> ds) {
        InferenceResult r = new InferenceResult();
        r.envelope = new FrameEnvelope("door", frame, 1000 * frame, 640, 480, FrameEnvelope.CONTENT_TYPE_JPEG);
        r.model = new ModelUse(m, role, role == ModelRole.SHADOW ? V1.id() : null, role == ModelRole.SHADOW ? 1 : 0, 2, List.of("person"), false, true);
        r.modelId = m.id();
        r.detections = ds;
        return r;
    }

    @Test
    void comparesEachFramesCopiesPerKeptLabelAndKeepsNothing() throws Exception {
        var person = new Detection(0, "person", 0.8f, 0.1f, 0.1f, 0.2f, 0.4f);
        var car = new Detection(2, "car", 0.9f, 0.5f, 0.5f, 0.2f, 0.2f);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ShadowComparisonFunction()),
                (InferenceResult r) -> r.cameraId(), Types.STRING)) {
            h.open();
            h.processElement(copy(1, V1, ModelRole.ACTIVE, List.of(person, car)), 0);
            assertThat(h.extractOutputValues()).isEmpty(); // waits for the shadow's copy
            h.processElement(copy(1, V2, ModelRole.SHADOW, List.of(new Detection(0, "person", 0.6f, 0.11f, 0.1f, 0.2f, 0.4f))), 0);
            // The camera keeps people only: the car counts on neither side.
            assertThat(h.extractOutputValues()).extracting(r -> r.frameId + " " + r.label + " " + r.activeModelId + "/" + r.shadowModelId + " "
                    + r.activeDetections + "/" + r.shadowDetections + " matched " + r.matched).containsExactly("1 person det:1/det:2 1/1 matched 1");
            assertThat(h.numKeyedStateEntries()).isZero();
            // A frame whose shadow copy failed: not compared, nothing kept.
            h.processElement(copy(2, V1, ModelRole.ACTIVE, List.of(person)), 0);
            InferenceResult failed = copy(2, V2, ModelRole.SHADOW, List.of());
            failed.failure = "inference-failed";
            h.processElement(failed, 0);
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
