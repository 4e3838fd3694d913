package io.argus.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each output layout on a hand-made tensor, mapped through a known letterbox. */
class DetectionDecoderTest {
    // 768x576 source into 640x640: scale 5/6, 80 rows of padding at the top.
    private final LetterboxGeometry g = LetterboxGeometry.of(768, 576, 640, 640);
    private final List<String> labels = List.of("person", "car");
    private final DetectionDecoder.Options opts = new DetectionDecoder.Options(0.25f, 0.45f, 100);

    @Test
    void yoloV8ColumnMajorWithoutObjectness() {
        // [1, 6, 3]: rows cx, cy, w, h, score(person), score(car); 3 anchors.
        float[] t = {
            320, 322, 100, // cx
            280, 280, 500, // cy
            100, 100, 50,  // w
            200, 200, 50,  // h
            0.90f, 0.80f, 0.10f, // person
            0.05f, 0.02f, 0.20f, // car
        };
        List<Detection> d = DetectionDecoder.forLayout("yolov8").decode(t, new long[] {1, 6, 3}, g, labels, opts);
        // Anchors 0 and 1 overlap (IoU 0.96): one person; anchor 2 is under the threshold.
        assertThat(d).hasSize(1);
        Detection p = d.get(0);
        assertThat(p.label).isEqualTo("person");
        assertThat(p.confidence).isEqualTo(0.90f);
        // Box corners in model px: (270, 180)-(370, 380) -> source (324, 120)-(444, 360).
        assertThat(p.x).isCloseTo(324f / 768, within(1e-5f));
        assertThat(p.y).isCloseTo(120f / 576, within(1e-5f));
        assertThat(p.w).isCloseTo(120f / 768, within(1e-5f));
        assertThat(p.h).isCloseTo(240f / 576, within(1e-5f));
    }

    @Test
    void yoloV5MultipliesObjectnessAndClass() {
        // [1, 2, 7]: cx, cy, w, h, objectness, person, car.
        float[] t = {
            320, 280, 100, 200, 0.9f, 0.1f, 0.8f,  // car at 0.72
            100, 300, 50, 50, 0.3f, 0.5f, 0.1f,    // person at 0.15 -> below threshold
        };
        List<Detection> d = DetectionDecoder.forLayout("yolov5").decode(t, new long[] {1, 2, 7}, g, labels, opts);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).label).isEqualTo("car");
        assertThat(d.get(0).confidence).isCloseTo(0.72f, within(1e-6f));
    }

    @Test
    void endToEndNeedsNoNms() {
        // [1, 2, 6]: x1, y1, x2, y2, score, class; two overlapping boxes both kept (the graph decided).
        float[] t = {
            270, 180, 370, 380, 0.9f, 0,
            272, 180, 372, 380, 0.8f, 1,
        };
        List<Detection> d = DetectionDecoder.forLayout("end2end").decode(t, new long[] {1, 2, 6}, g, labels, opts);
        assertThat(d).extracting(o -> o.label).containsExactly("person", "car");
        assertThat(d.get(0).x).isCloseTo(324f / 768, within(1e-5f));
    }

    @Test
    void boxesInThePaddingAreDropped() {
        // y in 10..70 model px: all above the image, which starts at row 80.
        assertThat(DetectionDecoder.forLayout("end2end").decode(new float[] {270, 10, 370, 70, 0.9f, 0}, new long[] {1, 1, 6}, g, labels, opts)).isEmpty();
    }

    @Test
    void notANumberNeverBecomesADetection() {
        float nan = Float.NaN;
        float[] t = {
            nan, 270, 180, 370, 0.9f, 0,     // NaN corner
            270, 180, 370, 380, nan, 1,      // NaN score
            270, 180, 370, 380, 0.9f, 0,     // fine
        };
        DetectionDecoder dec = DetectionDecoder.forLayout("end2end");
        List<Detection> d = dec.decode(t, new long[] {1, 3, 6}, g, labels, opts);
        assertThat(d).hasSize(1);
        assertThat(dec.rejected()).isEqualTo(2); // the NaN corner and the NaN score, counted
        assertThat(Float.isFinite(d.get(0).x)).isTrue();
    }

    @Test
    void wrongShapeAndUnknownLayoutSayWhat() {
        assertThatThrownBy(() -> DetectionDecoder.forLayout("yolov8").decode(new float[6], new long[] {1, 6}, g, labels, opts))
                .hasMessageContaining("[1, 4+C, N]");
        assertThatThrownBy(() -> DetectionDecoder.forLayout("ssd")).hasMessageContaining("unknown output layout 'ssd'");
    }
}
