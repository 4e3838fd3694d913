package io.argus.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.argus.TestAssets;
import io.argus.vision.Detection;
import io.argus.vision.ImageDecoder;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real bundled model on real images. Expected boxes are pixel positions checked by hand
 * against the pictures (the well-known darknet and scikit-image samples); tolerance 12 px.
 */
class ModelOnRealImagesTest {
    private static OnnxDetector detector;

    @BeforeAll
    static void load() {
        detector = SharedDetectors.acquire(InferenceOptions.defaults(TestAssets.model().toString()));
    }

    @AfterAll
    static void release() {
        SharedDetectors.release(detector);
    }

    private static List<Detection> detect(String file) throws Exception {
        BufferedImage img = ImageDecoder.read(TestAssets.media(file));
        return detector.detect(img);
    }

    /** Asserts one detection of {@code label} whose pixel box is near (x, y, w, h). */
    private static void assertBox(String file, List<Detection> dets, String label, int x, int y, int w, int h) throws Exception {
        BufferedImage img = ImageDecoder.read(TestAssets.media(file));
        int W = img.getWidth(), H = img.getHeight();
        Detection d = dets.stream().filter(o -> o.label.equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " in " + file + ": " + dets));
        assertThat(d.confidence).as(label + " confidence").isGreaterThan(0.5f);
        assertThat(d.x * W).as(label + " x").isCloseTo(x, within(12f));
        assertThat(d.y * H).as(label + " y").isCloseTo(y, within(12f));
        assertThat(d.w * W).as(label + " w").isCloseTo(w, within(12f));
        assertThat(d.h * H).as(label + " h").isCloseTo(h, within(12f));
    }

    @Test
    void modelMetadataIsRead() {
        assertThat(detector.labels()).hasSize(80).startsWith("person", "bicycle", "car");
        assertThat(detector.layout()).isEqualTo("yolov8");
        assertThat(detector.inputWidth()).isEqualTo(640);
        assertThat(detector.dynamicBatch()).isFalse();
        assertThat(detector.modelId()).startsWith("yolov8n:");
    }

    @Test
    void personHorseAndDogInPersonJpg() throws Exception {
        List<Detection> d = detect("person.jpg");
        assertBox("person.jpg", d, "person", 191, 99, 85, 276);
        assertBox("person.jpg", d, "horse", 406, 139, 195, 208);
        assertBox("person.jpg", d, "dog", 64, 264, 142, 81);
    }

    @Test
    void dogAndBicycleInDogJpg() throws Exception {
        List<Detection> d = detect("dog.jpg");
        assertBox("dog.jpg", d, "dog", 131, 218, 178, 322);
        assertBox("dog.jpg", d, "bicycle", 132, 135, 436, 285);
        assertThat(d).anyMatch(o -> o.label.equals("car") || o.label.equals("truck"));
    }

    @Test
    void astronautIsAPerson() throws Exception {
        List<Detection> d = detect("astronaut.png");
        assertBox("astronaut.png", d, "person", 5, 14, 358, 498);
    }

    @Test
    void chelseaIsACat() throws Exception {
        List<Detection> d = detect("chelsea.png");
        assertBox("chelsea.png", d, "cat", 1, 0, 435, 295);
        assertThat(d).noneMatch(o -> o.label.equals("dog") && o.confidence > 0.5f);
    }
}
