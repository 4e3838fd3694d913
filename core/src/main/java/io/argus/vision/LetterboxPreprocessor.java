package io.argus.vision;

import java.awt.image.BufferedImage;

/**
 * Writes a decoded image into a model input tensor: letterboxed (aspect kept, grey padding 114),
 * bilinear resize, RGB, planar CHW, values /255. One instance per thread: it reuses its index
 * tables between frames of the same size instead of allocating per frame.
 */
public final class LetterboxPreprocessor {
    static final float PAD = 114f / 255f;
    private static final float INV255 = 1f / 255f;

    private final int inputWidth;
    private final int inputHeight;

    private LetterboxGeometry cached;
    private int[] x0, x1, y0, y1;
    private float[] fx, fy;

    public LetterboxPreprocessor(int inputWidth, int inputHeight) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public int tensorSize() {
        return 3 * inputWidth * inputHeight;
    }

    /**
     * Fills {@code out[offset .. offset + 3*W*H)} and returns the geometry used.
     * Images that are not 3-byte BGR (PNG, grey) are converted first.
     */
    public LetterboxGeometry fill(BufferedImage image, float[] out, int offset) {
        return fill(ImageIoFrameDecoder.toBgrImage(image), out, offset);
    }

    /** Fills {@code out[offset .. offset + 3*W*H)} from packed BGR pixels and returns the geometry used. */
    public LetterboxGeometry fill(BgrImage image, float[] out, int offset) {
        int w = image.width(), h = image.height();
        LetterboxGeometry g = geometry(w, h);
        byte[] px = image.pixels();
        int plane = inputWidth * inputHeight;
        int r0 = offset, g0 = offset + plane, b0 = offset + 2 * plane;
        java.util.Arrays.fill(out, offset, offset + 3 * plane, PAD);
        int rowStride = w * 3;
        for (int oy = 0; oy < g.scaledHeight(); oy++) {
            int ya = y0[oy] * rowStride, yb = y1[oy] * rowStride;
            float wy = fy[oy], wy1 = 1f - wy;
            int o = (oy + g.padTop()) * inputWidth + g.padLeft();
            for (int ox = 0; ox < g.scaledWidth(); ox++, o++) {
                int xa = x0[ox] * 3, xb = x1[ox] * 3;
                float wx = fx[ox], wx1 = 1f - wx;
                float w00 = wx1 * wy1, w01 = wx * wy1, w10 = wx1 * wy, w11 = wx * wy;
                int p00 = ya + xa, p01 = ya + xb, p10 = yb + xa, p11 = yb + xb;
                // BGR in memory -> RGB planes.
                out[b0 + o] = (w00 * (px[p00] & 0xFF) + w01 * (px[p01] & 0xFF) + w10 * (px[p10] & 0xFF) + w11 * (px[p11] & 0xFF)) * INV255;
                out[g0 + o] = (w00 * (px[p00 + 1] & 0xFF) + w01 * (px[p01 + 1] & 0xFF) + w10 * (px[p10 + 1] & 0xFF) + w11 * (px[p11 + 1] & 0xFF)) * INV255;
                out[r0 + o] = (w00 * (px[p00 + 2] & 0xFF) + w01 * (px[p01 + 2] & 0xFF) + w10 * (px[p10 + 2] & 0xFF) + w11 * (px[p11 + 2] & 0xFF)) * INV255;
            }
        }
        return g;
    }

    private LetterboxGeometry geometry(int w, int h) {
        if (cached != null && cached.sourceWidth() == w && cached.sourceHeight() == h) return cached;
        LetterboxGeometry g = LetterboxGeometry.of(w, h, inputWidth, inputHeight);
        x0 = new int[g.scaledWidth()];
        x1 = new int[g.scaledWidth()];
        fx = new float[g.scaledWidth()];
        fillAxis(w, g.scaledWidth(), x0, x1, fx);
        y0 = new int[g.scaledHeight()];
        y1 = new int[g.scaledHeight()];
        fy = new float[g.scaledHeight()];
        fillAxis(h, g.scaledHeight(), y0, y1, fy);
        cached = g;
        return g;
    }

    /** Half-pixel-centre sampling, the convention of OpenCV's INTER_LINEAR that the model was trained with. */
    private static void fillAxis(int src, int dst, int[] i0, int[] i1, float[] f) {
        float ratio = (float) src / dst;
        for (int i = 0; i < dst; i++) {
            float s = (i + 0.5f) * ratio - 0.5f;
            if (s < 0) s = 0;
            int a = (int) s;
            if (a > src - 1) a = src - 1;
            i0[i] = a;
            i1[i] = Math.min(a + 1, src - 1);
            f[i] = s - a;
        }
    }

    static BufferedImage toBgr(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) return image;
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return bgr;
    }
}
