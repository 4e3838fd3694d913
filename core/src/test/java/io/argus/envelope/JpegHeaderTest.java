package io.argus.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class JpegHeaderTest {
    /** SOI, a comment, a baseline frame header claiming {@code w}x{@code h} with 3 components, EOI: a few bytes. */
    public static byte[] bomb(int w, int h) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8,
                (byte) 0xFF, (byte) 0xFE, 0, 4, 'h', 'i',
                (byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) (h >> 8), (byte) h, (byte) (w >> 8), (byte) w, 3,
                1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
                (byte) 0xFF, (byte) 0xD9};
    }

    @Test
    void readsTheSizeARealJpegStatesWithoutDecodingIt() throws Exception {
        assertThat(JpegHeader.size(Files.readAllBytes(TestAssets.media("dog.jpg")))).isEqualTo(new JpegHeader.Size(768, 576));
        assertThat(JpegHeader.size(bomb(16000, 16000))).isEqualTo(new JpegHeader.Size(16000, 16000));
        // No frame header before the end, or broken structure: nothing to say (the decoder reports it).
        assertThat(JpegHeader.size(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9})).isNull();
        assertThat(JpegHeader.size(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})).isNull();
        assertThat(JpegHeader.size(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0})).isNull();
    }

    @Test
    void aDecompressionBombIsRefusedByTheEnvelopeRulesBeforeAnyDecoderSeesIt() {
        EnvelopeParser parser = new EnvelopeParser(EnvelopeRules.defaults());
        long now = System.currentTimeMillis();
        // Its headers claim an ordinary size; its own frame header says 16000x16000.
        Map<String, byte[]> headers = new FrameEnvelope("cam-1", 1, now - 1000, 640, 480, "image/jpeg").toHeaders();
        byte[] bomb = bomb(16000, 16000);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        EnvelopeParser.Result r = parser.parse("cam-1".getBytes(), bomb, headers, now);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Decoding it would allocate 16000 x 16000 x 3 bytes (768 MB); refusing it allocates next to nothing.
        assertThat(allocated).as("bytes allocated while refusing the bomb").isLessThan(1 << 20);
        assertThat(r.reason()).isEqualTo(RejectReason.BAD_DIMENSIONS);
        assertThat(r.detail()).contains("16000x16000");
        assertThat(parser.parse("cam-1".getBytes(), bomb(640, 480), headers, now).isOk()).isTrue();
    }
}
