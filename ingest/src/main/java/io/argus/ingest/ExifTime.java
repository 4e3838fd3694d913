package io.argus.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;

/**
 * Reads the capture time from a JPEG's EXIF block (DateTimeOriginal, else DateTime). EXIF times
 * carry no zone: they are read as UTC, so cameras that upload stills should keep their clock in UTC.
 */
public final class ExifTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");
    private static final int DATE_TIME = 0x0132, EXIF_IFD = 0x8769, DATE_TIME_ORIGINAL = 0x9003;

    private ExifTime() {}

    /** Epoch milliseconds, or empty when the JPEG has no readable EXIF time. */
    public static OptionalLong captureMillis(byte[] jpeg) {
        try {
            int p = 2;
            while (p + 4 <= jpeg.length && (jpeg[p] & 0xFF) == 0xFF) {
                int marker = jpeg[p + 1] & 0xFF;
                int len = ((jpeg[p + 2] & 0xFF) << 8) | (jpeg[p + 3] & 0xFF);
                if (marker == 0xE1 && len > 8 && new String(jpeg, p + 4, 4, StandardCharsets.US_ASCII).equals("Exif")) {
                    return fromTiff(ByteBuffer.wrap(jpeg, p + 10, len - 8).slice());
                }
                if (marker == 0xDA) break; // image data starts: no EXIF before it
                p += 2 + len;
            }
        } catch (RuntimeException e) {
            // A damaged EXIF block is not an error for the frame: fall back to the file time.
        }
        return OptionalLong.empty();
    }

    private static OptionalLong fromTiff(ByteBuffer t) {
        t.order(t.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd0 = t.getInt(4);
        String dateTime = null, original = null;
        int count = t.getShort(ifd0) & 0xFFFF;
        for (int i = 0; i < count; i++) {
            int e = ifd0 + 2 + i * 12;
            int tag = t.getShort(e) & 0xFFFF;
            if (tag == DATE_TIME) dateTime = ascii(t, e);
            if (tag == EXIF_IFD) original = find(t, t.getInt(e + 8), DATE_TIME_ORIGINAL);
        }
        String s = original != null ? original : dateTime;
        if (s == null) return OptionalLong.empty();
        return OptionalLong.of(LocalDateTime.parse(s.strip(), FORMAT).toInstant(ZoneOffset.UTC).toEpochMilli());
    }

    private static String find(ByteBuffer t, int ifd, int wanted) {
        int count = t.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < count; i++) {
            int e = ifd + 2 + i * 12;
            if ((t.getShort(e) & 0xFFFF) == wanted) return ascii(t, e);
        }
        return null;
    }

    /** The longest date string read ("YYYY:MM:DD HH:MM:SS" is 20 bytes with its NUL); longer is not a date. */
    private static final int MAX_ASCII = 64;

    private static String ascii(ByteBuffer t, int entry) {
        int n = t.getInt(entry + 4);
        // The count is the file's word: check it before allocating (a damaged one may claim 2 GB).
        if (n < 0 || n > MAX_ASCII) return null;
        int off = n <= 4 ? entry + 8 : t.getInt(entry + 8);
        if (off < 0 || off > t.limit() - n) return null;
        byte[] b = new byte[Math.max(0, n - 1)];
        for (int i = 0; i < b.length; i++) b[i] = t.get(off + i);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
