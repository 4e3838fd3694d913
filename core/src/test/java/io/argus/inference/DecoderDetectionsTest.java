package io.argus.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.vision.Detection;
import io.argus.vision.FfmpegJpegDecoder;
import io.argus.vision.FrameDecoder;
import io.argus.vision.ImageIoFrameDecoder;
import io.argus.vision.LetterboxGeometry;
import io.argus.vision.LetterboxPreprocessor;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real model sees the same things whichever decoder prepared its input. */
class DecoderDetectionsTest {
    private static OnnxDetector detector;

    @BeforeAll
    static void load() {
        detector = SharedDetectors.acquire(InferenceOptions.defaults(TestAssets.model().toString()));
    }

    @AfterAll
    static void release() {
        SharedDetectors.release(detector);
    }

    private static List<Detection> detect(FrameDecoder d, byte[] jpeg) throws Exception {
        LetterboxPreprocessor pre = detector.newPreprocessor();
        float[] in = new float[pre.tensorSize()];
        LetterboxGeometry g = d.decodeLetterboxed(jpeg, pre, in, 0);
        return detector.detect(List.of(in), List.of(g)).get(0);
    }

    @Test
    void sameLabelsAndBoxesThroughImageIoAndFfmpeg() throws Exception {
        int compared = 0;
        try (FfmpegJpegDecoder ffmpeg = new FfmpegJpegDecoder()) {
            for (String file : List.of("dog.jpg", "person.jpg")) {
                byte[] jpeg = Files.readAllBytes(TestAssets.media(file));
                int w = 768, h = 576;
                if (file.equals("person.jpg")) { w = 640; h = 424; }
                List<Detection> ref = detect(new ImageIoFrameDecoder(), jpeg);
                List<Detection> got = detect(ffmpeg, jpeg);
                // Objects the model is sure of on one path are found on the other, same label, box within 4 px;
                // ones near the 0.25 threshold may fall either side of it, so they are not compared.
                for (var pair : List.of(List.of(ref, got), List.of(got, ref))) {
                    for (Detection d : pair.get(0)) {
                        if (d.confidence < 0.5f) continue;
                        Detection m = closest(d, pair.get(1));
                        assertThat(m).as("%s: a match for %s", file, d.label).isNotNull();
                        assertThat(m.label).isEqualTo(d.label);
                        assertThat(Math.abs(m.x - d.x) * w).as("%s %s x", file, d.label).isLessThan(4f);
                        assertThat(Math.abs(m.y - d.y) * h).as("%s %s y", file, d.label).isLessThan(4f);
                        assertThat(Math.abs(m.w - d.w) * w).as("%s %s w", file, d.label).isLessThan(4f);
                        assertThat(Math.abs(m.h - d.h) * h).as("%s %s h", file, d.label).isLessThan(4f);
                        assertThat(Math.abs(m.confidence - d.confidence)).as("%s %s confidence", file, d.label).isLessThan(0.1f);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).as("confident detections compared").isGreaterThanOrEqualTo(10);
    }

    private static Detection closest(Detection d, List<Detection> others) {
        Detection best = null;
        double bestDist = Double.MAX_VALUE;
        for (Detection o : new ArrayList<>(others)) {
            if (!o.label.equals(d.label)) continue;
            double dist = Math.abs(o.x - d.x) + Math.abs(o.y - d.y) + Math.abs(o.w - d.w) + Math.abs(o.h - d.h);
            if (dist < bestDist) {
                bestDist = dist;
                best = o;
            }
        }
        return best;
    }
}
