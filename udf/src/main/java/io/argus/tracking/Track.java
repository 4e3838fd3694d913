package io.argus.tracking;

import java.io.Serializable;

/**
 * One object followed across frames of one camera. Box in normalised coordinates (top-left, size);
 * velocity of the box centre in units per millisecond (constant-velocity motion model).
 */
public final class Track implements Serializable {
    private static final long serialVersionUID = 1L;

    public long id;
    public String label;
    public int classId;
    public float x, y, w, h;
    public float vx, vy;
    public float confidence;
    public long firstSeen;
    public long lastSeen;
    public int hits;
    public boolean confirmed;

    public Track() {}

    float predictedX(long ts) {
        return x + vx * (ts - lastSeen);
    }

    float predictedY(long ts) {
        return y + vy * (ts - lastSeen);
    }

    public float centerX() {
        return x + w / 2;
    }
}
