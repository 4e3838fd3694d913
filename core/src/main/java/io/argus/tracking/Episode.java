package io.argus.tracking;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One tracked object's continuous presence on one camera: "person in view 10:02:03-10:02:41".
 * Opens when its track is confirmed and has been seen for the debounce time, is updated while it
 * goes on, and closes once after a gap. A Flink POJO.
 */
public class Episode implements Serializable {
    private static final long serialVersionUID = 1L;

    public String id;
    public String cameraId;
    public String modelId;
    public long trackId;
    public String label;
    public long startedAt;
    /** Last time the object was seen (the end, once closed). */
    public long endedAt;
    public EpisodeStatus status;
    public int frames;
    public float peakConfidence;
    public long bestFrameId;
    /** Box of the object in the best frame, normalised 0..1 (top-left corner and size): for its snapshot. */
    public float bestX, bestY, bestW, bestH;
    public TreeSet<String> zones = new TreeSet<>();
    /** Fastest movement of the box's foot point, in frame widths per second. */
    public float maxSpeed;
    public boolean stationary;

    public Episode() {}

    /** Deterministic: the same camera, model, track and start give the same id on a replay. */
    public static String idOf(String cameraId, String modelId, long trackId, long startedAt) {
        return UUID.nameUUIDFromBytes(("episode/" + cameraId + "/" + modelId + "/" + trackId + "/" + startedAt)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Episode copy() {
        Episode e = new Episode();
        e.id = id;
        e.cameraId = cameraId;
        e.modelId = modelId;
        e.trackId = trackId;
        e.label = label;
        e.startedAt = startedAt;
        e.endedAt = endedAt;
        e.status = status;
        e.frames = frames;
        e.peakConfidence = peakConfidence;
        e.bestFrameId = bestFrameId;
        e.bestX = bestX;
        e.bestY = bestY;
        e.bestW = bestW;
        e.bestH = bestH;
        e.zones = new TreeSet<>(zones);
        e.maxSpeed = maxSpeed;
        e.stationary = stationary;
        return e;
    }

    @Override
    public String toString() {
        return String.format("%s #%d %s %d..%d %s frames=%d%s", label, trackId, cameraId, startedAt, endedAt, status, frames,
                stationary ? " stationary" : "");
    }
}
