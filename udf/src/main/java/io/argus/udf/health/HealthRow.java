package io.argus.udf.health;


/** One camera-hour of {@code pipeline_health_hourly}. A Flink POJO and its upsert. */
public class HealthRow {
    public String cameraId;
    public long bucket;
    public long processed;
    public long skipped;
    public long deadLettered;
    public float p50Ms;
    public float p95Ms;

    public HealthRow() {}

}
