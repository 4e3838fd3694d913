package io.argus.udf.rollups;

import io.argus.tracking.Episode;
import io.argus.tracking.TrackedObject;
import io.argus.vision.Detection;
import java.util.List;

/**
 * What the scene operator tells the rollups about one camera and model, in the order it worked:
 * a frame's objects, an episode that opened, or how far the camera's event time has got. A Flink POJO.
 */
public class RollupInput {
    public enum Kind {
        /** One frame's objects: {@link #labels}, {@link #trackIds}, {@link #confidences} side by side. */
        OBJECTS,
        /** An episode opened (once in its life): counted in the bucket of its start, {@link #ts}. */
        EPISODE,
        /**
         * Event time reached {@link #ts}: every object up to it has been sent, and no episode not yet
         * sent can start before {@link #episodeFloor}. {@link #fromFrames}: the time comes from frames
         * (final), not from a quiet camera's wall-clock ticks (rows may still be updated).
         */
        PROGRESS
    }

    public Kind kind;
    public String cameraId;
    public String modelId;
    public long ts;
    public long frameId;
    public String[] labels;
    public long[] trackIds;
    public float[] confidences;
    /** EPISODE: its id and label (in {@link #label}). */
    public String episodeId;
    public String label;
    public long episodeFloor;
    public boolean fromFrames;

    public RollupInput() {}

    public static RollupInput objects(String cameraId, String modelId, long ts, long frameId, List<Detection> detections,
            List<TrackedObject> tracked) {
        RollupInput r = base(Kind.OBJECTS, cameraId, modelId, ts);
        r.frameId = frameId;
        int n = detections.size();
        r.labels = new String[n];
        r.trackIds = new long[n];
        r.confidences = new float[n];
        for (int i = 0; i < n; i++) {
            Detection d = detections.get(i);
            r.labels[i] = d.label;
            r.confidences[i] = d.confidence;
            for (TrackedObject t : tracked) if (t.detection() == d) r.trackIds[i] = t.trackId();
        }
        return r;
    }

    public static RollupInput opened(Episode e) {
        RollupInput r = base(Kind.EPISODE, e.cameraId, e.modelId, e.startedAt);
        r.episodeId = e.id;
        r.label = e.label;
        return r;
    }

    public static RollupInput progress(String cameraId, String modelId, long ts, long episodeFloor, boolean fromFrames) {
        RollupInput r = base(Kind.PROGRESS, cameraId, modelId, ts);
        r.episodeFloor = episodeFloor;
        r.fromFrames = fromFrames;
        return r;
    }

    private static RollupInput base(Kind kind, String cameraId, String modelId, long ts) {
        RollupInput r = new RollupInput();
        r.kind = kind;
        r.cameraId = cameraId;
        r.modelId = modelId;
        r.ts = ts;
        return r;
    }

    /** Camera and model: the same key as the scene, so one camera's inputs stay in order. */
    public String key() {
        return cameraId + "|" + modelId;
    }
}
