package io.argus.frame;

import io.argus.envelope.FrameEnvelope;
import io.argus.envelope.RejectReason;
import io.argus.models.ModelUse;
import io.argus.vision.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * What inference made of one frame: detections when it succeeded, or the reason it was skipped
 * (then {@link #frame} is kept so the frame can go to the dead-letter topic). A Flink POJO.
 */
public class InferenceResult implements OfFrame {
    /** The frame's envelope, as it arrived. */
    public FrameEnvelope envelope;
    public String modelId;
    public String modelName;
    public String modelVersion;
    public List<Detection> detections = new ArrayList<>();
    /** Time in the model call, per frame (a batch's time divided by its size). */
    public double inferenceMs;
    /** Decode and letterbox time. */
    public double preprocessMs;
    /** Time from arrival at the operator to completion, queueing included. */
    public double operatorMs;
    public int batchSize;
    public String provider;
    /** Null when inference succeeded. */
    public String failure;
    public String failureDetail;
    /** Only set on failure. */
    public Frame frame;
    /** The camera's event time when the frame passed its clock ({@link Frame#cameraTime}). */
    public long cameraTime;
    /** A quiet camera's progress marker ({@link Frame#tick}): no image, no detections, no row. */
    public boolean tick;
    /** The model and its role, as the frame's copy carried it ({@link Frame#model}); null without a router. */
    public ModelUse model;

    public InferenceResult() {}

    public static InferenceResult of(Frame f) {
        InferenceResult r = new InferenceResult();
        r.envelope = f.envelope;
        r.cameraTime = f.cameraTime;
        r.tick = f.tick;
        r.model = f.model;
        if (f.model != null) {
            r.modelId = f.model.modelId();
            r.modelName = f.model.model().name();
            r.modelVersion = f.model.model().version();
        }
        return r;
    }

    public static InferenceResult failed(Frame f, RejectReason reason, String detail) {
        InferenceResult r = of(f);
        r.failure = reason.code();
        r.failureDetail = detail;
        r.frame = f;
        return r;
    }

    /** A progress marker in place of a frame: its camera's event time reached {@code time} (see {@link Frame#tick}). */
    public static InferenceResult tick(String cameraId, String modelId, long frameId, long time) {
        InferenceResult r = new InferenceResult();
        r.envelope = FrameEnvelope.tick(cameraId, frameId, time);
        r.modelId = modelId;
        r.cameraTime = time;
        r.tick = true;
        return r;
    }

    @Override
    public FrameEnvelope envelope() {
        return envelope;
    }

    /** A shadow model's result: a row and a comparison, nothing else. */
    public boolean shadow() {
        return model != null && model.shadow();
    }

    public boolean ok() {
        return failure == null;
    }

    public float maxConfidence() {
        float m = 0f;
        for (Detection d : detections) m = Math.max(m, d.confidence);
        return m;
    }
}
