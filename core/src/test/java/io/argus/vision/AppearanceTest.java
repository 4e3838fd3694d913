package io.argus.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AppearanceTest {
    /** A 100 x 100 model input (no letterbox) filled with one RGB colour, and a rectangle of another. */
    private static float[] input(float[] background, float[] rect, int x0, int y0, int x1, int y1) {
        float[] in = new float[3 * 100 * 100];
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                float[] c = x >= x0 && x < x1 && y >= y0 && y < y1 ? rect : background;
                for (int ch = 0; ch < 3; ch++) in[ch * 10_000 + y * 100 + x] = c[ch];
            }
        }
        return in;
    }

    private static final LetterboxGeometry SAME = LetterboxGeometry.of(100, 100, 100, 100);

    @Test
    void eachHalfOfTheBoxMiddleIsOneHistogram() {
        // Red top (rows 0..49), blue bottom (50..99) of a box covering the whole input.
        float[] in = input(new float[] {0.9f, 0.1f, 0.1f}, new float[] {0.1f, 0.1f, 0.9f}, 0, 50, 100, 100);
        byte[] a = Appearance.of(in, 0, SAME, 0, 0, 1, 1);
        assertThat(a).hasSize(Appearance.LENGTH);
        // Red (0.9, 0.1, 0.1) is bin r=3, g=0, b=0: 3*16 = 48; blue (0.1, 0.1, 0.9) is bin 3.
        assertThat(a[48] & 0xFF).isEqualTo(255);
        assertThat(a[Appearance.BINS + 3] & 0xFF).isEqualTo(255);
        int sum = 0;
        for (byte b : a) sum += b & 0xFF;
        assertThat(sum).isEqualTo(510);
    }

    @Test
    void likenessIsOneForTheSameColoursAndZeroForOthers() {
        float[] red = input(new float[] {0.9f, 0.1f, 0.1f}, new float[] {0.9f, 0.1f, 0.1f}, 0, 0, 0, 0);
        float[] green = input(new float[] {0.1f, 0.9f, 0.1f}, new float[] {0.1f, 0.9f, 0.1f}, 0, 0, 0, 0);
        byte[] r = Appearance.of(red, 0, SAME, 0.2f, 0.2f, 0.5f, 0.5f), g = Appearance.of(green, 0, SAME, 0.2f, 0.2f, 0.5f, 0.5f);
        assertThat(Appearance.similarity(r, r)).isCloseTo(1.0, within(1e-9));
        assertThat(Appearance.similarity(r, g)).isZero();
        assertThat(Appearance.similarity(r, null)).isNaN();
        // Same top, other bottom: one half alike, the other not.
        float[] redGreen = input(new float[] {0.9f, 0.1f, 0.1f}, new float[] {0.1f, 0.9f, 0.1f}, 0, 50, 100, 100);
        assertThat(Appearance.similarity(r, Appearance.of(redGreen, 0, SAME, 0, 0, 1, 1))).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void theBoxIsFoundThroughTheLetterbox() {
        // A 200 x 100 source letterboxed into 100 x 100: scale 0.5, 25 rows of padding above.
        LetterboxGeometry g = LetterboxGeometry.of(200, 100, 100, 100);
        // The right half of the source (x 0.5..1) is green: input columns 50..99, rows 25..74.
        float[] in = input(new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.1f, 0.9f, 0.1f}, 50, 25, 100, 75);
        byte[] right = Appearance.of(in, 0, g, 0.5f, 0, 0.5f, 1), left = Appearance.of(in, 0, g, 0, 0, 0.5f, 1);
        assertThat(right[3 * 4] & 0xFF).isEqualTo(255);                      // green: bin r=0, g=3, b=0
        assertThat(left[1 * 16 + 1 * 4 + 1] & 0xFF).isEqualTo(255);          // grey 0.45: bin 1 in each channel
    }

    @Test
    void aTrackFollowsSlowChangesAQuarterAtATime() {
        byte[] old = new byte[Appearance.LENGTH], seen = new byte[Appearance.LENGTH];
        old[0] = (byte) 200;
        seen[0] = (byte) 100;
        assertThat(Appearance.blend(old, seen)[0] & 0xFF).isEqualTo(175);
        assertThat(Appearance.blend(null, seen)).isSameAs(seen);
    }
}
