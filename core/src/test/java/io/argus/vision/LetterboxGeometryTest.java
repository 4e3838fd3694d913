package io.argus.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LetterboxGeometryTest {
    @Test
    void landscapeIsScaledToWidthAndPaddedTopAndBottom() {
        // 768x576 -> scale 640/768 = 0.8333; 576*0.8333 = 480; pad (640-480)/2 = 80 rows each side.
        LetterboxGeometry g = LetterboxGeometry.of(768, 576, 640, 640);
        assertThat(g.scale()).isCloseTo(0.83333f, within(1e-4f));
        assertThat(g.scaledWidth()).isEqualTo(640);
        assertThat(g.scaledHeight()).isEqualTo(480);
        assertThat(g.padLeft()).isZero();
        assertThat(g.padTop()).isEqualTo(80);
    }

    @Test
    void portraitIsPaddedLeftAndRight() {
        // 300x600 -> scale 640/600 = 1.0667; 300*1.0667 = 320; pad (640-320)/2 = 160.
        LetterboxGeometry g = LetterboxGeometry.of(300, 600, 640, 640);
        assertThat(g.scaledWidth()).isEqualTo(320);
        assertThat(g.scaledHeight()).isEqualTo(640);
        assertThat(g.padLeft()).isEqualTo(160);
        assertThat(g.padTop()).isZero();
    }

    @Test
    void oddPaddingPutsTheExtraPixelRightOrBottom() {
        // 640x427 at scale 1: 213 rows of padding, 106 on top and 107 below.
        LetterboxGeometry g = LetterboxGeometry.of(640, 427, 640, 640);
        assertThat(g.scaledHeight()).isEqualTo(427);
        assertThat(g.padTop()).isEqualTo(106);
    }

    @Test
    void modelCoordinatesMapBackToSourcePixels() {
        LetterboxGeometry g = LetterboxGeometry.of(768, 576, 640, 640);
        // Model (320, 80) is the source's top edge centre: x = 320/0.8333 = 384, y = (80-80)/0.8333 = 0.
        assertThat(g.toSourceX(320)).isCloseTo(384f, within(0.01f));
        assertThat(g.toSourceY(80)).isCloseTo(0f, within(0.01f));
        // In the padding, clamped to the image.
        assertThat(g.toSourceY(10)).isZero();
        assertThat(g.toSourceY(630)).isEqualTo(576f);
    }
}
