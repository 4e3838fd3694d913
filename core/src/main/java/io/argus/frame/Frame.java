package io.argus.frame;

import io.argus.envelope.FrameEnvelope;

/** A validated frame: its envelope fields and its JPEG bytes. A Flink POJO. */
public class Frame {
    public String cameraId;
    public long frameId;
    public long captureTs;
    public int width;
    public int height;
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

    public Frame() {}

    /** A quiet camera's progress marker: its event time is now {@code time}. */
    public static Frame tick(String cameraId, long newestFrameId, long time) {
        Frame f = new Frame();
        f.cameraId = cameraId;
        f.frameId = newestFrameId;
        f.captureTs = time;
        f.cameraTime = time;
        f.tick = true;
        return f;
    }

    public Frame(FrameEnvelope e, byte[] jpeg) {
        this.cameraId = e.cameraId();
        this.frameId = e.frameId();
        this.captureTs = e.captureTs();
        this.width = e.width();
        this.height = e.height();
        this.jpeg = jpeg;
    }

    public FrameEnvelope envelope() {
        return new FrameEnvelope(cameraId, frameId, captureTs, width, height, FrameEnvelope.CONTENT_TYPE_JPEG);
    }

    @Override
    public String toString() {
        return (tick ? "tick " : "") + cameraId + "#" + frameId + "@" + captureTs;
    }
}
