package io.argus.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.vision.Detection;
import io.argus.vision.LetterboxGeometry;
import io.argus.vision.LetterboxPreprocessor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with a dynamic batch dimension runs a batch in one call, with the same results as one by one. */
class DynamicBatchTest {
    @Test
    void oneBatchedCallEqualsSingleCalls(@TempDir Path dir) throws Exception {
        Path model = TinyOnnxModel.write(dir.resolve("tiny.onnx"));
        InferenceOptions d = InferenceOptions.defaults(model.toString());
        InferenceOptions o = d.toBuilder().modelName("tiny").layout("auto").provider("cpu").intraOpThreads(1).confidenceThreshold(0.5f)
                .maxDetections(50).batchSize(4).batchMaxWaitMs(0).build();
        try (OnnxDetector det = new OnnxDetector(o)) {
            assertThat(det.dynamicBatch()).isTrue();
            assertThat(det.inputWidth()).isEqualTo(16);
            assertThat(det.layout()).isEqualTo("yolov8");
            assertThat(det.labels()).containsExactly("bright", "dark");
            LetterboxPreprocessor pre = det.newPreprocessor();
            List<float[]> inputs = new ArrayList<>();
            List<LetterboxGeometry> geoms = new ArrayList<>();
            Random rnd = new Random(42);
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, rnd.nextInt(0x1000000));
                float[] in = new float[pre.tensorSize()];
                geoms.add(pre.fill(img, in, 0));
                inputs.add(in);
            }
            List<List<Detection>> batched = det.detect(inputs, geoms);
            assertThat(batched).hasSize(4);
            for (int i = 0; i < 4; i++) {
                List<Detection> single = det.detect(List.of(inputs.get(i)), List.of(geoms.get(i))).get(0);
                assertThat(batched.get(i)).as("image %d", i).isEqualTo(single);
            }
            // Different images, different results: the batch was really split per image.
            assertThat(batched.get(0)).isNotEqualTo(batched.get(1));
            assertThat(batched.stream().mapToInt(List::size).sum()).isPositive();
        }
    }
}
