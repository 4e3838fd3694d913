package io.argus.frame;

import io.argus.envelope.RejectReason;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rejected frame on its way to the dead-letter topic: the original key, bytes and headers, plus
 * why and where it was rejected. A Flink POJO.
 */
public class DeadLetter {
    public RejectReason reason;
    public String detail;
    public RejectStage stage;
    /** topic/partition@offset of the original record, when known. */
    public String source;
    public byte[] key;
    public byte[] value;
    public Map<String, byte[]> headers = new LinkedHashMap<>();
    public long rejectedAt;
    /** Size of the original value; the value itself is left out when it was too large to forward. */
    public int originalBytes;
    /** The camera's event time when the frame was rejected, when known (0: before its clock, e.g. a bad envelope). */
    public long cameraTime;

    public DeadLetter() {}

    public static DeadLetter of(RawFrame raw, RejectReason reason, String detail) {
        DeadLetter d = new DeadLetter();
        d.reason = reason;
        d.detail = detail;
        d.stage = RejectStage.PARSE;
        d.source = raw.source();
        d.key = raw.key;
        d.originalBytes = raw.value == null ? 0 : raw.value.length;
        // An oversized frame would be just as oversized for the dead-letter topic: forward its
        // headers and size, not its bytes, so it cannot block the dead-letter sink.
        d.value = reason == RejectReason.PAYLOAD_TOO_LARGE ? null : raw.value;
        d.headers = raw.headers;
        d.rejectedAt = System.currentTimeMillis();
        return d;
    }

    /** A frame whose result came too late for its camera's event time: its envelope, not its bytes (inference kept none). */
    public static DeadLetter late(InferenceResult r, long cameraTime) {
        DeadLetter d = new DeadLetter();
        d.reason = RejectReason.LATE_FRAME;
        d.cameraTime = cameraTime;
        d.detail = "capture time " + r.captureTs() + " is behind the camera's event time " + cameraTime + " by " + (cameraTime - r.captureTs())
                + " ms (argus.watermark.max-disorder)";
        d.stage = RejectStage.TRACKING;
        d.key = r.cameraId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        d.headers = new LinkedHashMap<>(r.envelope.toHeaders());
        d.rejectedAt = System.currentTimeMillis();
        return d;
    }

    /** A frame rejected at {@code stage}, with its bytes and envelope. */
    public static DeadLetter of(Frame frame, RejectStage stage, RejectReason reason, String detail) {
        DeadLetter d = new DeadLetter();
        d.reason = reason;
        d.detail = detail;
        d.stage = stage;
        d.key = frame.cameraId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        d.value = frame.jpeg;
        d.originalBytes = frame.jpeg == null ? 0 : frame.jpeg.length;
        d.headers = new LinkedHashMap<>(frame.envelope.toHeaders());
        d.cameraTime = frame.cameraTime;
        d.rejectedAt = System.currentTimeMillis();
        return d;
    }
}
