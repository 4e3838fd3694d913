package io.argus.udf.models;

/** One record of the control topic: its text and the time Kafka gives it. A Flink POJO. */
public class ControlRecord {
    public String json;
    public long ts;
    /** Where it was read, for messages: topic-partition@offset. */
    public String position;

    public ControlRecord() {}

    public ControlRecord(String json, long ts, String position) {
        this.json = json;
        this.ts = ts;
        this.position = position;
    }
}
