package io.argus.udf.models;

/**
 * One frame, one label: what a shadow model and the active model it is compared with found
 * (a row of {@code model_comparisons}). A Flink POJO.
 */
public class ModelComparisonRow {
    public String cameraId;
    public long ts;
    public long frameId;
    public String shadowModelId;
    public String activeModelId;
    public String label;
    public int activeDetections;
    public double activeConfidenceSum;
    public int shadowDetections;
    public double shadowConfidenceSum;
    public int matched;

    public ModelComparisonRow() {}
}
