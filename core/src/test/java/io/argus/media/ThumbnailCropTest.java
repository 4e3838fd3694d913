package io.argus.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThumbnailCropTest {
    @Test
    void aSmallFarObjectKeepsItsSurroundingsAtTheMinimumSize() {
        // An 18x45 person at (100, 100) in a 768x576 frame: box + a quarter (4 and 11 px) = 26x67,
        // widened to 160x160 around the box's centre (109, 122): from (29, 42).
        assertThat(ThumbnailCrop.of(768, 576, 100, 100, 18, 45)).isEqualTo(new ThumbnailCrop(29, 42, 160, 160, 160, 160));
    }

    @Test
    void aLargeObjectIsScaledDownToTheMaximumAndKeptInsideTheFrame() {
        // 300x500 at (400, 50): + a quarter = 450x750, cut to the frame's 576 high; centred on x 550 it would start
        // at 325, kept inside the frame at 318 (768 - 450);
        // drawn at 320 / 576 = 0.556: 250x320.
        assertThat(ThumbnailCrop.of(768, 576, 400, 50, 300, 500)).isEqualTo(new ThumbnailCrop(318, 0, 450, 576, 250, 320));
    }

    @Test
    void aThinObjectIsWidenedToOneToTwo() {
        // A 40x400 pole: + a quarter = 60x600; widened to 300 (half its height): 300x600, drawn 160x320.
        ThumbnailCrop c = ThumbnailCrop.of(1920, 1080, 900, 100, 40, 400);
        assertThat(c.w()).isEqualTo(300);
        assertThat(c.h()).isEqualTo(600);
        assertThat(c.outW()).isEqualTo(160);
        assertThat(c.outH()).isEqualTo(320);
    }

    @Test
    void aFrameSmallerThanTheMinimumIsScaledUp() {
        assertThat(ThumbnailCrop.of(120, 90, 10, 10, 20, 20)).isEqualTo(new ThumbnailCrop(0, 0, 120, 90, 213, 160));
    }
}
