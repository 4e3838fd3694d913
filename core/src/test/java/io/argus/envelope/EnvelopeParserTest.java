package io.argus.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EnvelopeParserTest {
    private static final long NOW = 1_764_000_000_000L; // 2025-11-24
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
    private final EnvelopeParser parser = new EnvelopeParser(EnvelopeRules.defaults());

    private static Map<String, byte[]> good() {
        return new HashMap<>(new FrameEnvelope("cam-1", 7, NOW - 1000, 640, 480, "image/jpeg").toHeaders());
    }

    private EnvelopeParser.Result parse(Consumer<Map<String, byte[]>> change, byte[] payload) {
        Map<String, byte[]> h = good();
        change.accept(h);
        return parser.parse("cam-1".getBytes(StandardCharsets.UTF_8), payload, h, NOW);
    }

    private static void set(Map<String, byte[]> h, String k, String v) {
        h.put(k, v.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAWellFormedFrame() {
        EnvelopeParser.Result r = parse(h -> {}, JPEG);
        assertThat(r.isOk()).isTrue();
        assertThat(r.envelope()).isEqualTo(new FrameEnvelope("cam-1", 7, NOW - 1000, 640, 480, "image/jpeg"));
    }

    @Test
    void rejectsEachBrokenRuleWithItsReason() {
        assertThat(parse(h -> h.remove("argus-v"), JPEG).reason()).isEqualTo(RejectReason.MISSING_HEADER);
        assertThat(parse(h -> set(h, "argus-v", "2"), JPEG).reason()).isEqualTo(RejectReason.UNSUPPORTED_VERSION);
        assertThat(parse(h -> h.remove("frame-id"), JPEG).detail()).contains("'frame-id'");
        assertThat(parse(h -> set(h, "camera-id", "'; DROP TABLE cameras; --"), JPEG).reason()).isEqualTo(RejectReason.BAD_CAMERA_ID);
        assertThat(parse(h -> set(h, "camera-id", "cam-2"), JPEG).reason()).isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(parse(h -> set(h, "frame-id", "-1"), JPEG).reason()).isEqualTo(RejectReason.BAD_FRAME_ID);
        assertThat(parse(h -> set(h, "capture-ts", "yesterday"), JPEG).reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
        assertThat(parse(h -> set(h, "capture-ts", "-5"), JPEG).reason()).isEqualTo(RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertThat(parse(h -> set(h, "capture-ts", Long.toString(NOW + 3_600_000)), JPEG).reason())
                .isEqualTo(RejectReason.TIMESTAMP_OUT_OF_RANGE);
        assertThat(parse(h -> set(h, "width", "0"), JPEG).reason()).isEqualTo(RejectReason.BAD_DIMENSIONS);
        assertThat(parse(h -> set(h, "height", "100000"), JPEG).reason()).isEqualTo(RejectReason.BAD_DIMENSIONS);
        assertThat(parse(h -> set(h, "content-type", "image/png"), JPEG).reason()).isEqualTo(RejectReason.UNSUPPORTED_CONTENT_TYPE);
        assertThat(parse(h -> {}, new byte[0]).reason()).isEqualTo(RejectReason.EMPTY_PAYLOAD);
        assertThat(parse(h -> {}, "hello world".getBytes()).reason()).isEqualTo(RejectReason.NOT_JPEG);
        assertThat(parse(h -> {}, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4}).reason()).isEqualTo(RejectReason.TRUNCATED_JPEG);
        byte[] huge = new byte[EnvelopeRules.defaults().maxPayloadBytes() + 1];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        assertThat(parse(h -> {}, huge).reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void unknownCamerasAreRejectedWhenAnAllowListIsSet() {
        EnvelopeRules d = EnvelopeRules.defaults();
        EnvelopeParser strict = new EnvelopeParser(new EnvelopeRules(d.maxPayloadBytes(), d.maxFutureSkew(),
                d.earliestCaptureTs(), d.maxDimension(), java.util.Set.of("cam-9")));
        assertThat(strict.parse(null, JPEG, good(), NOW).reason()).isEqualTo(RejectReason.UNKNOWN_CAMERA);
    }

    @Test
    void hostileTextIsCutAndCleanedInDetails() {
        EnvelopeParser.Result r = parse(h -> set(h, "argus-v", "x\n".repeat(100)), JPEG);
        assertThat(r.detail()).doesNotContain("\n").hasSizeLessThan(200);
    }
}
