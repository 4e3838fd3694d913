package io.argus.vision;

import java.util.Objects;

/**
 * One detected object in one frame. The box is normalised to 0..1 of the original frame:
 * (x, y) is the top-left corner, (w, h) the size. A Flink POJO (public fields, no-arg constructor).
 */
public class Detection {
    public int classId;
    public String label;
    public float confidence;
    public float x;
    public float y;
    public float w;
    public float h;
    /** Colour cue of the box ({@link Appearance}), or null: set by the detector, used by the tracker. */
    public byte[] appearance;

    public Detection() {}

    public Detection(int classId, String label, float confidence, float x, float y, float w, float h) {
        this.classId = classId;
        this.label = label;
        this.confidence = confidence;
        this.x = x;
        this.y = y;
        this.w = w;
        this.h = h;
    }

    /** The box as corners, for overlap tests ({@link NonMaxSuppression#iou}). */
    public NonMaxSuppression.Box box() {
        return new NonMaxSuppression.Box(classId, confidence, x, y, x + w, y + h);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Detection d)) return false;
        return classId == d.classId && Float.compare(confidence, d.confidence) == 0 && Float.compare(x, d.x) == 0
                && Float.compare(y, d.y) == 0 && Float.compare(w, d.w) == 0 && Float.compare(h, d.h) == 0
                && Objects.equals(label, d.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classId, label, confidence, x, y, w, h);
    }

    @Override
    public String toString() {
        return String.format("%s %.2f [x=%.3f y=%.3f w=%.3f h=%.3f]", label, confidence, x, y, w, h);
    }
}
