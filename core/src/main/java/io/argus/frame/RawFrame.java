package io.argus.frame;

import java.util.LinkedHashMap;
import java.util.Map;

/** A frame record exactly as it came from Kafka, before any validation. A Flink POJO. */
public class RawFrame {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;
    /** Last value per header name, in arrival order. */
    public Map<String, byte[]> headers = new LinkedHashMap<>();

    public RawFrame() {}

    public String source() {
        return topic + "/" + partition + "@" + offset;
    }
}
