package io.argus.job;

import io.argus.envelope.EnvelopeRules;
import io.argus.envelope.FrameEnvelope;
import io.argus.frame.InferenceResult;
import java.nio.charset.StandardCharsets;

/** One frame's outcome for pipeline health: processed (with its latency), skipped, or dead-lettered. A Flink POJO. */
public class HealthEvent {
    public String cameraId;
    public long ts;
    /** processed | skipped | dead-lettered */
    public String outcome;
    public double inferenceMs;

    public HealthEvent() {}

    public static HealthEvent of(InferenceResult r) {
        HealthEvent e = new HealthEvent();
        e.cameraId = r.cameraId;
        e.ts = r.captureTs;
        e.outcome = r.ok() ? "processed" : "skipped";
        e.inferenceMs = r.inferenceMs;
        return e;
    }

    /**
     * A dead letter counts for the camera its header names when that is a valid camera id (else
     * 'unknown'), in the hour it was rejected: its own capture time may be the very thing that was wrong.
     */
    public static HealthEvent of(DeadLetter d) {
        HealthEvent e = new HealthEvent();
        byte[] cam = d.headers == null ? null : d.headers.get(FrameEnvelope.H_CAMERA_ID);
        String c = cam == null ? null : new String(cam, StandardCharsets.UTF_8);
        e.cameraId = c != null && EnvelopeRules.CAMERA_ID.matcher(c).matches() ? c : "unknown";
        e.ts = d.rejectedAt;
        e.outcome = "dead-lettered";
        return e;
    }
}
