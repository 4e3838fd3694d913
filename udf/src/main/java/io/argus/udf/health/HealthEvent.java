package io.argus.udf.health;

import io.argus.envelope.EnvelopeRules;
import io.argus.envelope.FrameEnvelope;
import io.argus.frame.DeadLetter;
import io.argus.frame.InferenceResult;
import java.nio.charset.StandardCharsets;

/** One frame's outcome for pipeline health, or a quiet camera's tick. A Flink POJO. */
public class HealthEvent {
    public enum Outcome {
        PROCESSED, SKIPPED, DEAD_LETTERED,
        /** No frame: the camera's event time moved on by the wall clock. */
        TICK
    }

    public String cameraId;
    /** The capture time (processed, skipped); for a dead letter, when it was rejected (wall clock). */
    public long ts;
    public Outcome outcome;
    public double inferenceMs;
    /** The camera's event time at this outcome (0: unknown, e.g. a frame whose envelope was rejected). */
    public long cameraTime;

    public HealthEvent() {}

    public static HealthEvent of(InferenceResult r) {
        HealthEvent e = new HealthEvent();
        e.cameraId = r.cameraId();
        e.ts = r.captureTs();
        e.outcome = r.tick ? Outcome.TICK : r.ok() ? Outcome.PROCESSED : Outcome.SKIPPED;
        e.inferenceMs = r.inferenceMs;
        e.cameraTime = r.cameraTime;
        return e;
    }

    /**
     * A dead letter counts for the camera its header names when that is a valid camera id (else
     * 'unknown'), at the camera's event time when it was rejected: its own capture time may be the
     * very thing that was wrong.
     */
    public static HealthEvent of(DeadLetter d) {
        HealthEvent e = new HealthEvent();
        byte[] cam = d.headers == null ? null : d.headers.get(FrameEnvelope.H_CAMERA_ID);
        String c = cam == null ? null : new String(cam, StandardCharsets.UTF_8);
        e.cameraId = c != null && EnvelopeRules.CAMERA_ID.matcher(c).matches() ? c : "unknown";
        e.ts = d.rejectedAt;
        e.outcome = Outcome.DEAD_LETTERED;
        e.cameraTime = d.cameraTime;
        return e;
    }
}
