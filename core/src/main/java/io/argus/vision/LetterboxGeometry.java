package io.argus.vision;

/**
 * How a source image is scaled (keeping aspect) and padded into a model input of
 * {@code inputWidth x inputHeight}, and how model coordinates map back. Pure geometry.
 */
public record LetterboxGeometry(
        int sourceWidth, int sourceHeight, int inputWidth, int inputHeight,
        float scale, int scaledWidth, int scaledHeight, int padLeft, int padTop) {

    public static LetterboxGeometry of(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("source size must be positive: " + sourceWidth + "x" + sourceHeight);
        }
        float scale = Math.min((float) inputWidth / sourceWidth, (float) inputHeight / sourceHeight);
        int sw = Math.min(inputWidth, Math.round(sourceWidth * scale));
        int sh = Math.min(inputHeight, Math.round(sourceHeight * scale));
        // Centre the image; an odd padding puts the extra pixel right/bottom (as Ultralytics does).
        return new LetterboxGeometry(sourceWidth, sourceHeight, inputWidth, inputHeight, scale, sw, sh,
                (inputWidth - sw) / 2, (inputHeight - sh) / 2);
    }

    /** Model-input x (pixels) to source x (pixels), clamped to the image. */
    public float toSourceX(float modelX) {
        return clamp((modelX - padLeft) / scale, sourceWidth);
    }

    /** Model-input y (pixels) to source y (pixels), clamped to the image. */
    public float toSourceY(float modelY) {
        return clamp((modelY - padTop) / scale, sourceHeight);
    }

    private static float clamp(float v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
