package io.argus.vision;

/**
 * A cheap appearance cue for telling people (and other objects) apart when their boxes meet: two
 * colour histograms of a detection, one of the upper and one of the lower half of the middle 40% of
 * its box (a jacket and trousers; the box's sides are mostly background), each 4 x 4 x 4 RGB bins, quantised
 * to bytes summing to about 255. Read from the model's input tensor, so it costs no extra decoding:
 * a few hundred samples per box.
 */
public final class Appearance {
    static final int LEVELS = 4;
    static final int BINS = LEVELS * LEVELS * LEVELS;
    /** Both halves, one after the other. */
    public static final int LENGTH = 2 * BINS;
    private static final int COLS = 8, ROWS_PER_HALF = 12;

    private Appearance() {}

    /**
     * The cue of the box (normalised to the source image: top-left {@code x, y}, size {@code w, h})
     * in a model input ({@code 3 x H x W} planar RGB in 0..1 from {@code offset}) letterboxed by {@code g}.
     */
    public static byte[] of(float[] input, int offset, LetterboxGeometry g, float x, float y, float w, float h) {
        int W = g.inputWidth(), H = g.inputHeight(), plane = W * H;
        float sx = g.sourceWidth() * g.scale(), sy = g.sourceHeight() * g.scale();
        // The middle 40% of the width, the top and bottom halves of the height (less a tenth at each end).
        float left = g.padLeft() + (x + 0.3f * w) * sx, width = 0.4f * w * sx;
        float top = g.padTop() + (y + 0.1f * h) * sy, height = 0.8f * h * sy;
        byte[] out = new byte[LENGTH];
        float[] hist = new float[BINS];
        for (int half = 0; half < 2; half++) {
            java.util.Arrays.fill(hist, 0);
            int n = 0;
            for (int r = 0; r < ROWS_PER_HALF; r++) {
                int py = (int) (top + height * (half * 0.5f + (r + 0.5f) / (2f * ROWS_PER_HALF)));
                if (py < 0 || py >= H) continue;
                for (int c = 0; c < COLS; c++) {
                    int px = (int) (left + width * (c + 0.5f) / COLS);
                    if (px < 0 || px >= W) continue;
                    int i = offset + py * W + px;
                    hist[bin(input[i]) * LEVELS * LEVELS + bin(input[i + plane]) * LEVELS + bin(input[i + 2 * plane])]++;
                    n++;
                }
            }
            for (int b = 0; b < BINS && n > 0; b++) out[half * BINS + b] = (byte) Math.round(255f * hist[b] / n);
        }
        return out;
    }

    private static int bin(float v) {
        int b = (int) (v * LEVELS);
        return b < 0 ? 0 : Math.min(LEVELS - 1, b);
    }

    /**
     * How alike two cues are: the histogram intersection (the share of samples the two have in common,
     * bin by bin) of each half, averaged; 1 for the same colours, 0 for none in common. NaN when either
     * is missing (no cue: no evidence either way).
     */
    public static double similarity(byte[] a, byte[] b) {
        if (a == null || b == null || a.length != LENGTH || b.length != LENGTH) return Double.NaN;
        double sum = 0;
        for (int half = 0; half < 2; half++) {
            double common = 0, na = 0, nb = 0;
            for (int i = half * BINS; i < (half + 1) * BINS; i++) {
                int va = a[i] & 0xFF, vb = b[i] & 0xFF;
                common += Math.min(va, vb);
                na += va;
                nb += vb;
            }
            sum += na == 0 || nb == 0 ? 0 : common / Math.max(na, nb);
        }
        return sum / 2;
    }

    /** {@code old} moved a quarter of the way towards {@code seen} (a track's cue follows slow changes of light). */
    public static byte[] blend(byte[] old, byte[] seen) {
        if (old == null || old.length != LENGTH) return seen;
        if (seen == null || seen.length != LENGTH) return old;
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) out[i] = (byte) Math.round(0.75f * (old[i] & 0xFF) + 0.25f * (seen[i] & 0xFF));
        return out;
    }
}
