package io.argus.udf.models;

/**
 * A control command the model control accepted, numbered in the order it was accepted, on its way to
 * every model router (broadcast). A Flink POJO.
 */
public class AcceptedCommand {
    public long seq;
    /** The control record's time: when the change counts from (activated_at, retired_at). */
    public long at;
    public String json;

    public AcceptedCommand() {}

    public AcceptedCommand(long seq, long at, String json) {
        this.seq = seq;
        this.at = at;
        this.json = json;
    }
}
