package io.argus.frame;

import io.argus.envelope.FrameEnvelope;

/** Something about one camera frame, which carries that frame's envelope: its camera, id and capture time read from it. */
public interface OfFrame {
    FrameEnvelope envelope();

    default String cameraId() {
        return envelope().cameraId();
    }

    default long frameId() {
        return envelope().frameId();
    }

    default long captureTs() {
        return envelope().captureTs();
    }
}
