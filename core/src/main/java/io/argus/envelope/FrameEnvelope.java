package io.argus.envelope;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of one camera frame, carried in Kafka record headers (the record value is the JPEG).
 * Any producer in any language can publish frames by setting these headers; see docs/envelope.md.
 */
public record FrameEnvelope(
        String cameraId, long frameId, long captureTs, int width, int height, String contentType) {

    public static final String FORMAT_VERSION = "1";
    public static final String CONTENT_TYPE_JPEG = "image/jpeg";

    public static final String H_VERSION = "argus-v";
    public static final String H_CAMERA_ID = "camera-id";
    public static final String H_FRAME_ID = "frame-id";
    public static final String H_CAPTURE_TS = "capture-ts";
    public static final String H_WIDTH = "width";
    public static final String H_HEIGHT = "height";
    public static final String H_CONTENT_TYPE = "content-type";

    /** The envelope of a quiet camera's progress marker: no image, so no size or content type. */
    public static FrameEnvelope tick(String cameraId, long newestFrameId, long time) {
        return new FrameEnvelope(cameraId, newestFrameId, time, 0, 0, null);
    }

    /** Headers in the order producers write them, values as UTF-8 text. */
    public Map<String, byte[]> toHeaders() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(H_VERSION, utf8(FORMAT_VERSION));
        h.put(H_CAMERA_ID, utf8(cameraId));
        h.put(H_FRAME_ID, utf8(Long.toString(frameId)));
        h.put(H_CAPTURE_TS, utf8(Long.toString(captureTs)));
        h.put(H_WIDTH, utf8(Integer.toString(width)));
        h.put(H_HEIGHT, utf8(Integer.toString(height)));
        h.put(H_CONTENT_TYPE, utf8(contentType));
        return h;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
