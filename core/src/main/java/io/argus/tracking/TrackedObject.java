package io.argus.tracking;

import io.argus.vision.Detection;
import java.io.Serializable;

/** A detection in one frame that belongs to a confirmed track. */
public record TrackedObject(long trackId, Detection detection) implements Serializable {
    /** The point that stands on the ground: the box's bottom centre, used by zones and lines. */
    public double footX() {
        return detection.x + detection.w / 2.0;
    }

    public double footY() {
        return detection.y + detection.h;
    }
}
