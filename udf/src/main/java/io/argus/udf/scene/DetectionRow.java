package io.argus.udf.scene;

import io.argus.vision.Detection;

/** One object in one frame, with its track when the track is confirmed. A Flink POJO and its upsert. */
public class DetectionRow {
    public String cameraId;
    public String modelId;
    public long ts;
    public long frameId;
    public int index;
    /** 0 when the object belongs to no confirmed track. */
    public long trackId;
    public String label;
    public float confidence;
    public float x, y, w, h;

    public DetectionRow() {}

    public static DetectionRow of(String camera, String model, long ts, long frameId, int index, long trackId, Detection d) {
        DetectionRow r = new DetectionRow();
        r.cameraId = camera;
        r.modelId = model;
        r.ts = ts;
        r.frameId = frameId;
        r.index = index;
        r.trackId = trackId;
        r.label = d.label;
        r.confidence = d.confidence;
        r.x = d.x;
        r.y = d.y;
        r.w = d.w;
        r.h = d.h;
        return r;
    }

}
