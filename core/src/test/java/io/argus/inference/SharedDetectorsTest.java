package io.argus.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.TestAssets;
import org.junit.jupiter.api.Test;

class SharedDetectorsTest {
    private final InferenceOptions opts = InferenceOptions.defaults(TestAssets.model().toString());

    @Test
    void oneDetectorPerJvmSharedAndClosedByTheLastUser() {
        OnnxDetector a = SharedDetectors.acquire(opts);
        OnnxDetector b = SharedDetectors.acquire(opts.withBatching(8, 5)); // batching is the operator's own
        try {
            assertThat(b).isSameAs(a);
            assertThat(SharedDetectors.users(opts)).isEqualTo(2);
        } finally {
            SharedDetectors.release(a);
        }
        assertThat(SharedDetectors.users(opts)).isEqualTo(1);
        SharedDetectors.release(b);
        assertThat(SharedDetectors.users(opts)).isZero();
        // Closed: a new user gets a new detector.
        OnnxDetector c = SharedDetectors.acquire(opts);
        try {
            assertThat(c).isNotSameAs(a);
        } finally {
            SharedDetectors.release(c);
        }
    }

    @Test
    void optionsThatLeaveTheVersionToTheFileShareTheSessionOfOptionsThatStateIt() {
        OnnxDetector unstated = SharedDetectors.acquire(opts);
        InferenceOptions stated = opts.toBuilder().modelVersion(unstated.version()).build();
        OnnxDetector b = SharedDetectors.acquire(stated);
        try {
            assertThat(unstated.version()).isEqualTo("8.0.175"); // the bundled model's metadata
            assertThat(b).isSameAs(unstated);
            assertThat(SharedDetectors.users(opts)).isEqualTo(2);
            assertThat(SharedDetectors.users(stated)).isEqualTo(2);
            // Another version is another model: its own session.
            OnnxDetector other = SharedDetectors.acquire(opts.toBuilder().modelVersion("9").build());
            assertThat(other).isNotSameAs(unstated);
            SharedDetectors.release(other);
        } finally {
            SharedDetectors.release(unstated);
            SharedDetectors.release(b);
        }
        assertThat(SharedDetectors.users(opts)).isZero();
        assertThat(SharedDetectors.users(stated)).isZero();
        // And the other way round: stated first, then left to the file.
        OnnxDetector first = SharedDetectors.acquire(stated);
        OnnxDetector second = SharedDetectors.acquire(opts);
        try {
            assertThat(second).isSameAs(first);
            assertThat(SharedDetectors.users(stated)).isEqualTo(2);
        } finally {
            SharedDetectors.release(first);
            SharedDetectors.release(second);
        }
        assertThat(SharedDetectors.users(stated)).isZero();
    }

    @Test
    void differentThresholdsOrNamesAreDifferentDetectors() {
        InferenceOptions strict = opts.toBuilder().modelName("strict").confidenceThreshold(0.7f).build();
        OnnxDetector a = SharedDetectors.acquire(opts);
        OnnxDetector b = SharedDetectors.acquire(strict);
        try {
            assertThat(b).isNotSameAs(a);
            assertThat(b.modelId()).startsWith("strict:");
        } finally {
            SharedDetectors.release(a);
            SharedDetectors.release(b);
        }
    }

    @Test
    void aFileThatIsNoModelFailsWithItsName() {
        String notAModel = TestAssets.media("dog.jpg").toString();
        assertThatThrownBy(() -> new OnnxDetector(InferenceOptions.defaults(notAModel)))
                .hasMessageStartingWith("cannot load model " + notAModel);
        assertThatThrownBy(() -> new OnnxDetector(InferenceOptions.defaults("/no/such/model.onnx")))
                .hasMessageStartingWith("argus.model.path: no model file at /no/such/model.onnx");
    }

    @Test
    void askingForCudaWithoutItIsAClearError() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA));
        InferenceOptions cuda = opts.toBuilder().provider("cuda").deviceId(0).batchSize(1).batchMaxWaitMs(0).build();
        assertThatThrownBy(() -> new OnnxDetector(cuda)).hasMessageContaining("argus.inference.provider=cuda")
                .hasMessageContaining("no CUDA provider");
    }
}
