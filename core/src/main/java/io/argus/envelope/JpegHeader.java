package io.argus.envelope;

/**
 * The size a JPEG says it has, read from its frame header (SOF) without decoding anything: a
 * decompression bomb (a few kilobytes whose SOF says 16000x16000) must be refused before any decoder
 * allocates its pixels. Pure.
 */
public final class JpegHeader {
    private JpegHeader() {}

    /** Width and height from the first SOF segment. */
    public record Size(int width, int height) {}

    /** @return the size the frame header states, or null when there is none before the scan data (no image: the decoder says why) */
    public static Size size(byte[] p) {
        int i = 2; // after SOI
        while (i + 4 <= p.length) {
            if ((p[i] & 0xFF) != 0xFF) return null; // not at a marker: broken structure
            int marker = p[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
                i += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) return null; // scan data or the end before any frame header
            int length = ((p[i + 2] & 0xFF) << 8) | (p[i + 3] & 0xFF);
            if (length < 2) return null;
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (i + 9 > p.length) return null;
                int height = ((p[i + 5] & 0xFF) << 8) | (p[i + 6] & 0xFF);
                int width = ((p[i + 7] & 0xFF) << 8) | (p[i + 8] & 0xFF);
                return new Size(width, height);
            }
            i += 2 + length;
        }
        return null;
    }
}
