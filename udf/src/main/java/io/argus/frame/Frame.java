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

    public Frame() {}

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
        return cameraId + "#" + frameId + "@" + captureTs;
    }
}
