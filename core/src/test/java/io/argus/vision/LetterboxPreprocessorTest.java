package io.argus.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LetterboxPreprocessorTest {
    @Test
    void fillsRgbPlanesAndGreyPadding() {
        // A 4x2 image, pure red, into an 8x8 input: scale 2, 8x4 image, 2 rows of padding top and bottom.
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_3BYTE_BGR);
        var gr = img.createGraphics();
        gr.setColor(new Color(255, 0, 0));
        gr.fillRect(0, 0, 4, 2);
        gr.dispose();
        LetterboxPreprocessor p = new LetterboxPreprocessor(8, 8);
        float[] t = new float[p.tensorSize()];
        LetterboxGeometry g = p.fill(img, t, 0);
        assertThat(g.padTop()).isEqualTo(2);
        int plane = 64;
        // Row 0 is padding: 114/255 in all planes.
        assertThat(t[0]).isCloseTo(114f / 255f, within(1e-6f));
        assertThat(t[plane]).isCloseTo(114f / 255f, within(1e-6f));
        // Row 3, column 5 is image: R = 1, G = B = 0.
        int o = 3 * 8 + 5;
        assertThat(t[o]).isCloseTo(1f, within(1e-6f));
        assertThat(t[plane + o]).isCloseTo(0f, within(1e-6f));
        assertThat(t[2 * plane + o]).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void bilinearInterpolatesBetweenPixels() {
        // Two columns, black then white, stretched to 4: half-pixel centres give 0, 0.25, 0.75, 1.
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, 0x000000);
        img.setRGB(1, 0, 0xFFFFFF);
        LetterboxPreprocessor p = new LetterboxPreprocessor(4, 2);
        float[] t = new float[p.tensorSize()];
        p.fill(img, t, 0);
        assertThat(t[0]).isCloseTo(0f, within(1e-6f));
        assertThat(t[1]).isCloseTo(0.25f, within(1e-6f));
        assertThat(t[2]).isCloseTo(0.75f, within(1e-6f));
        assertThat(t[3]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void convertsNonBgrImages() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x00FF00);
        img.setRGB(1, 0, 0x00FF00);
        img.setRGB(0, 1, 0x00FF00);
        img.setRGB(1, 1, 0x00FF00);
        LetterboxPreprocessor p = new LetterboxPreprocessor(2, 2);
        float[] t = new float[p.tensorSize()];
        p.fill(img, t, 0);
        assertThat(t[0]).isZero();
        assertThat(t[4]).isCloseTo(1f, within(1e-6f));
    }
}
