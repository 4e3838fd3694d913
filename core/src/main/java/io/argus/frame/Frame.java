package io.argus.frame;

import io.argus.models.ModelUse;
import io.argus.envelope.FrameEnvelope;

/**
 * A validated frame: its envelope, carried whole from the Kafka headers to the dead-letter topic, and
 * its JPEG bytes. A Flink POJO.
 */
public class Frame implements OfFrame {
    /** Who and when: camera, frame id, capture time, size, content type. */
    public FrameEnvelope envelope;
    public byte[] jpeg;
    /**
     * The camera's event time when this frame passed its clock (see {@code CameraClock}): every later
     * frame of the camera is captured after it. Set by the job; 0 before.
     */
    public long cameraTime;
    /**
     * A progress marker of a quiet camera, not an image ({@link #jpeg} is null): the camera's event
     * time has reached {@link #cameraTime} by the wall clock, with no frame since.
     */
    public boolean tick;
    /** The model this copy of the frame goes to and what for; set by the job's model router (null before). */
    public ModelUse model;

    public Frame() {}

    public Frame(FrameEnvelope envelope, byte[] jpeg) {
        this.envelope = envelope;
        this.jpeg = jpeg;
    }

    /** A JPEG frame (tests, benchmarks and the ingest side build frames this way). */
    public static Frame jpeg(String cameraId, long frameId, long captureTs, int width, int height, byte[] jpeg) {
        return new Frame(new FrameEnvelope(cameraId, frameId, captureTs, width, height, FrameEnvelope.CONTENT_TYPE_JPEG), jpeg);
    }

    /** A quiet camera's progress marker: its event time is now {@code time}. */
    public static Frame tick(String cameraId, long newestFrameId, long time) {
        Frame f = new Frame(FrameEnvelope.tick(cameraId, newestFrameId, time), null);
        f.cameraTime = time;
        f.tick = true;
        return f;
    }

    @Override
    public FrameEnvelope envelope() {
        return envelope;
    }

    @Override
    public String toString() {
        return (tick ? "tick " : "") + envelope.cameraId() + "#" + envelope.frameId() + "@" + envelope.captureTs();
    }
}
