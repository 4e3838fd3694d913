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
    /** Its colour cue, following slow changes ({@link io.argus.vision.Appearance}); null without one. */
    public byte[] appearance;
    public long firstSeen;
    public long lastSeen;
    public int hits;
    /** Frames in a row it was not seen in (0: seen in the last one). */
    public int missed;
    public boolean confirmed;

    public Track() {}

    public float centerX() {
        return x + w / 2;
    }

    public float centerY() {
        return y + h / 2;
    }
}
