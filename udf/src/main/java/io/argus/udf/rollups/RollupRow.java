package io.argus.udf.rollups;


/** One bucket of {@code rollups_hourly} or {@code rollups_daily}. A Flink POJO and its upsert. */
public class RollupRow {
    /** hourly | daily */
    public String granularity;
    public String cameraId;
    public String modelId;
    public String label;
    public long bucket;
    public long detections;
    public long frames;
    public int maxConcurrent;
    public double confidenceSum;
    public int episodesStarted;
    public double timeInViewS;

    public RollupRow() {}

}
