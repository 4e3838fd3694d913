package io.argus.envelope;

/**
 * Why a frame did not become an AI event. The code is what the dead-letter topic's
 * {@code error-reason} header and the per-reason metrics carry.
 */
public enum RejectReason {
    MISSING_HEADER("missing-header"),
    UNSUPPORTED_VERSION("unsupported-version"),
    BAD_CAMERA_ID("bad-camera-id"),
    UNKNOWN_CAMERA("unknown-camera"),
    KEY_MISMATCH("key-mismatch"),
    BAD_FRAME_ID("bad-frame-id"),
    LATE_FRAME("late-frame"),
    BAD_TIMESTAMP("bad-timestamp"),
    TIMESTAMP_OUT_OF_RANGE("timestamp-out-of-range"),
    BAD_DIMENSIONS("bad-dimensions"),
    UNSUPPORTED_CONTENT_TYPE("unsupported-content-type"),
    EMPTY_PAYLOAD("empty-payload"),
    PAYLOAD_TOO_LARGE("payload-too-large"),
    NOT_JPEG("not-jpeg"),
    TRUNCATED_JPEG("truncated-jpeg"),
    DECODE_FAILED("decode-failed"),
    INFERENCE_TIMEOUT("inference-timeout"),
    INFERENCE_FAILED("inference-failed"),
    /** The frame's model did not load on this TaskManager (the model control's check passed elsewhere). */
    MODEL_UNAVAILABLE("model-unavailable");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** Stable, lower-case identifier used in headers, metrics and docs. */
    public String code() {
        return code;
    }

    /** The reason with this code. */
    public static RejectReason ofCode(String code) {
        for (RejectReason r : values()) if (r.code.equals(code)) return r;
        throw new IllegalArgumentException("no reject reason '" + code + "'");
    }
}
