package io.argus.job;

import io.argus.envelope.RejectReason;
import io.argus.frame.Frame;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rejected frame on its way to the dead-letter topic: the original key, bytes and headers, plus
 * why and where it was rejected. A Flink POJO.
 */
public class DeadLetter {
    public String reason;
    public String detail;
    /** parse | inference */
    public String stage;
    /** topic/partition@offset of the original record, when known. */
    public String source;
    public byte[] key;
    public byte[] value;
    public Map<String, byte[]> headers = new LinkedHashMap<>();
    public long rejectedAt;

    public DeadLetter() {}

    static DeadLetter of(RawFrame raw, RejectReason reason, String detail) {
        DeadLetter d = new DeadLetter();
        d.reason = reason.code();
        d.detail = detail;
        d.stage = "parse";
        d.source = raw.source();
        d.key = raw.key;
        d.value = raw.value;
        d.headers = raw.headers;
        d.rejectedAt = System.currentTimeMillis();
        return d;
    }

    static DeadLetter of(Frame frame, String reason, String detail) {
        DeadLetter d = new DeadLetter();
        d.reason = reason;
        d.detail = detail;
        d.stage = "inference";
        d.key = frame.cameraId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        d.value = frame.jpeg;
        d.headers = new LinkedHashMap<>(frame.envelope().toHeaders());
        d.rejectedAt = System.currentTimeMillis();
        return d;
    }
}
