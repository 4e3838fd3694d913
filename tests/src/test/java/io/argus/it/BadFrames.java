package io.argus.it;

import io.argus.TestAssets;
import io.argus.envelope.FrameEnvelope;
import io.argus.ingest.FramePublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A corpus of malformed frame records, published as raw Kafka records, and the dead-letter reason each
 * one must get. Frame ids of the corpus start at 1000, clear of the good frames' ids.
 */
final class BadFrames {
    static final String HOSTILE_CAMERA = "'; DROP TABLE cameras; --";
    /** The payload limit the job under test must be given ({@code --frames.max-payload-bytes}). */
    static final int MAX_PAYLOAD = 300_000;

    private final FramePublisher pub;
    private final Map<String, Integer> expected = new HashMap<>();

    BadFrames(FramePublisher pub) {
        this.pub = pub;
    }

    /** How many records of each reason the dead-letter topic must hold. */
    Map<String, Integer> expected() {
        return expected;
    }

    int total() {
        return expected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One record per way a camera's frame can be wrong on its own (no job configuration needed to tell). */
    BadFrames everyMalformation(String camera, long start) throws Exception {
        byte[] jpeg = Files.readAllBytes(TestAssets.media("dog.jpg"));
        send(camera, Arrays.copyOf(jpeg, jpeg.length / 2), env(camera, 1000, start), "truncated-jpeg"); // first half of a real JPEG
        send(camera, new byte[0], env(camera, 1001, start), "empty-payload");
        send(camera, "not a picture".getBytes(StandardCharsets.UTF_8), env(camera, 1002, start), "not-jpeg");
        send(camera, jpeg, with(env(camera, 1003, start), FrameEnvelope.H_VERSION, "2"), "unsupported-version");
        Map<String, byte[]> noTs = env(camera, 1004, start);
        noTs.remove(FrameEnvelope.H_CAPTURE_TS);
        send(camera, jpeg, noTs, "missing-header");
        send(camera, jpeg, with(env(camera, 1005, start), FrameEnvelope.H_CAPTURE_TS,
                Long.toString(System.currentTimeMillis() + 86_400_000L)), "timestamp-out-of-range");
        send(camera, jpeg, with(env(camera, 1006, start), FrameEnvelope.H_CAPTURE_TS, "NaN"), "bad-timestamp");
        send(camera, jpeg, with(env(camera, 1007, start), FrameEnvelope.H_CAPTURE_TS, "-1500"), "timestamp-out-of-range");
        send(HOSTILE_CAMERA, jpeg, env(HOSTILE_CAMERA, 1008, start), "bad-camera-id");
        // Over the limit, yet a well-formed JPEG envelope (SOI ... EOI).
        byte[] big = new byte[MAX_PAYLOAD + 100_000];
        System.arraycopy(jpeg, 0, big, 0, jpeg.length);
        big[big.length - 2] = (byte) 0xFF;
        big[big.length - 1] = (byte) 0xD9;
        send(camera, big, env(camera, 1009, start), "payload-too-large");
        // Passes the structural checks (SOI ... EOI) but is no image: fails at decode, before the model.
        byte[] garbage = new byte[2000];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        garbage[3] = (byte) 0xE0;
        garbage[garbage.length - 2] = (byte) 0xFF;
        garbage[garbage.length - 1] = (byte) 0xD9;
        send(camera, garbage, env(camera, 1010, start), "decode-failed");
        // A decompression bomb: tiny, ordinary headers, but its own frame header says 16000x16000.
        send(camera, io.argus.envelope.JpegHeaderTest.bomb(16000, 16000), env(camera, 1011, start), "bad-dimensions");
        return this;
    }

    /** A well-formed frame of a camera the job's cameras file does not list. */
    BadFrames unknownCamera(String camera, long ts) throws Exception {
        send(camera, Files.readAllBytes(TestAssets.media("dog.jpg")), env(camera, 0, ts), "unknown-camera");
        return this;
    }

    /** A well-formed frame captured at {@code captureTs}, a minute or more behind its camera's newest frame: late. */
    BadFrames lateFrame(String camera, long frameId, long captureTs) throws Exception {
        send(camera, Files.readAllBytes(TestAssets.media("dog.jpg")), env(camera, frameId, captureTs - frameId), "late-frame");
        return this;
    }

    private static Map<String, byte[]> env(String camera, long frameId, long ts) {
        return new HashMap<>(new FrameEnvelope(camera, frameId, ts + frameId, 768, 576, "image/jpeg").toHeaders());
    }

    private static Map<String, byte[]> with(Map<String, byte[]> headers, String name, String value) {
        headers.put(name, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private void send(String key, byte[] value, Map<String, byte[]> headers, String reason) {
        List<Header> hs = new ArrayList<>();
        headers.forEach((k, v) -> hs.add(new RecordHeader(k, v)));
        pub.publishRaw(key.getBytes(StandardCharsets.UTF_8), value, hs, null);
        expected.merge(reason, 1, Integer::sum);
    }
}
