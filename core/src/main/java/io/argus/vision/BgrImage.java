package io.argus.vision;

/**
 * A decoded picture as packed 8-bit BGR rows ({@code width * 3} bytes each, no padding), the layout
 * {@link LetterboxPreprocessor} reads. A {@link FrameDecoder} may reuse {@code pixels} for its next
 * frame: use the image before decoding another.
 */
public record BgrImage(int width, int height, byte[] pixels) {
    public BgrImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (pixels.length < width * height * 3) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, a " + width + "x" + height + " BGR image needs " + width * height * 3);
        }
    }

    /** Blue, green or red (channel 0, 1, 2) of pixel (x, y). */
    public int sample(int x, int y, int channel) {
        return pixels[(y * width + x) * 3 + channel] & 0xFF;
    }
}
