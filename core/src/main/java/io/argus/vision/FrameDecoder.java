package io.argus.vision;

import io.argus.envelope.EnvelopeParser;
import java.io.IOException;

/**
 * Turns a frame's JPEG bytes into BGR pixels. Implementations keep native or scratch state between
 * frames, so each is confined to one thread (one per preprocessing thread) and closed when done.
 * Bytes that are not a complete, decodable JPEG raise an {@link IOException} that says why, so the
 * frame is dead-lettered as decode-failed instead of reaching the model.
 */
public interface FrameDecoder extends AutoCloseable {
    /** {@code imageio} or {@code ffmpeg}: what metrics and logs call this path. */
    String name();

    /** The decoded frame; its pixel array may be reused by the next call. */
    BgrImage decode(byte[] jpeg) throws IOException;

    /**
     * Decodes straight into a model input: {@code out[offset .. offset + 3*W*H)}, letterboxed as
     * {@code pre} would. The default decodes then letterboxes; a decoder that can resize natively
     * does both in one pass.
     */
    default LetterboxGeometry decodeLetterboxed(byte[] jpeg, LetterboxPreprocessor pre, float[] out, int offset) throws IOException {
        return pre.fill(decode(jpeg), out, offset);
    }

    @Override
    void close();

    /**
     * Rejects bytes that cannot be a whole JPEG before any decoder sees them: it must start with the
     * SOI marker and end with EOI (a few trailing pad bytes allowed, as some encoders write them).
     * Decoders differ in what they make of a cut-off stream (grey fill, a partial picture), so
     * the rule is the same for every path, and the same as the envelope check's.
     */
    static void requireCompleteJpeg(byte[] b) throws IOException {
        if (b == null || b.length < 4) throw new IOException("not a JPEG: " + (b == null ? "no" : b.length) + " bytes");
        if ((b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) throw new IOException("not a JPEG: no SOI marker at the start");
        if (EnvelopeParser.endsWithEoi(b)) return;
        throw new IOException("truncated JPEG: no EOI marker at the end (" + b.length + " bytes)");
    }
}
