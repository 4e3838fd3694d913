package io.argus.job;

import io.argus.tracking.Episode;

/** What the rollups are made of: an object in a frame, or an episode that opened. A Flink POJO. */
public class RollupInput {
    public String cameraId;
    public String modelId;
    public String label;
    public long ts;
    /** Set for objects. */
    public long frameId;
    public long trackId;
    public float confidence;
    /** Set (non-null) for episodes: their id, counted once in the bucket of their start. */
    public String episodeId;

    public RollupInput() {}

    public static RollupInput of(DetectionRow d) {
        RollupInput r = new RollupInput();
        r.cameraId = d.cameraId;
        r.modelId = d.modelId;
        r.label = d.label;
        r.ts = d.ts;
        r.frameId = d.frameId;
        r.trackId = d.trackId;
        r.confidence = d.confidence;
        return r;
    }

    public static RollupInput of(Episode e) {
        RollupInput r = new RollupInput();
        r.cameraId = e.cameraId;
        r.modelId = e.modelId;
        r.label = e.label;
        r.ts = e.startedAt;
        r.episodeId = e.id;
        return r;
    }

    public String key() {
        return cameraId + "|" + modelId + "|" + label;
    }
}
