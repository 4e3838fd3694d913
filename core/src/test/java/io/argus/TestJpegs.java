package io.argus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-made JPEG variants for tests: EXIF blocks with chosen (also damaged) fields, oversized files. */
public final class TestJpegs {
    private TestJpegs() {}

    /**
     * {@code jpeg} with an EXIF block put first whose only entry is DateTime (0x0132, ASCII) with the
     * given count and text; readers that take the first EXIF block read this one.
     */
    public static byte[] withExifDateTime(byte[] jpeg, int count, String text) {
        ByteBuffer t = ByteBuffer.allocate(26 + text.length() + 1); // TIFF, big-endian
        t.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at 8
        t.putShort((short) 1);                                              // one entry
        t.putShort((short) 0x0132).putShort((short) 2).putInt(count).putInt(26); // DateTime, ASCII, its text at 26
        t.putInt(0);                                                        // no next IFD
        t.put(text.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        int len = 2 + 6 + t.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len});
        out.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        out.writeBytes(t.array());
        out.write(jpeg, 2, jpeg.length - 2); // the rest after its SOI
        return out.toByteArray();
    }

    /** {@code jpeg} grown to {@code size} bytes by zeros before its EOI marker (still a complete file). */
    public static byte[] paddedTo(byte[] jpeg, int size) {
        byte[] b = Arrays.copyOf(jpeg, size);
        Arrays.fill(b, jpeg.length - 2, size, (byte) 0);
        b[size - 2] = (byte) 0xFF;
        b[size - 1] = (byte) 0xD9;
        return b;
    }
}
