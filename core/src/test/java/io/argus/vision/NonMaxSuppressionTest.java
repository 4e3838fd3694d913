package io.argus.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.argus.vision.NonMaxSuppression.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {
    @Test
    void iouOfHandComputedBoxes() {
        // 10x10 boxes overlapping in a 5x10 strip: inter 50, union 150.
        assertThat(NonMaxSuppression.iou(new Box(0, 1, 0, 0, 10, 10), new Box(0, 1, 5, 0, 15, 10)))
                .isCloseTo(1f / 3f, within(1e-6f));
        assertThat(NonMaxSuppression.iou(new Box(0, 1, 0, 0, 10, 10), new Box(0, 1, 20, 20, 30, 30))).isZero();
        assertThat(NonMaxSuppression.iou(new Box(0, 1, 0, 0, 10, 10), new Box(0, 1, 0, 0, 10, 10))).isEqualTo(1f);
    }

    @Test
    void suppressesOverlapsOfTheSameClassOnly() {
        Box a = new Box(0, 0.9f, 0, 0, 10, 10);
        Box b = new Box(0, 0.8f, 1, 0, 11, 10); // IoU with a = 90/110 = 0.818 -> suppressed
        Box c = new Box(1, 0.7f, 1, 0, 11, 10); // same place, other class -> kept
        Box d = new Box(0, 0.6f, 5, 0, 15, 10); // IoU with a = 1/3 -> kept at 0.45
        List<Box> kept = NonMaxSuppression.apply(List.of(d, b, c, a), 0.45f, 100);
        assertThat(kept).containsExactly(a, c, d);
    }

    @Test
    void capsTheNumberOfDetections() {
        List<Box> many = List.of(new Box(0, 0.9f, 0, 0, 1, 1), new Box(0, 0.8f, 5, 5, 6, 6), new Box(0, 0.7f, 9, 9, 10, 10));
        assertThat(NonMaxSuppression.apply(many, 0.5f, 2)).hasSize(2).extracting(Box::score).containsExactly(0.9f, 0.8f);
    }
}
