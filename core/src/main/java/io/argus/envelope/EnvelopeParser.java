package io.argus.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Validates a raw frame record (key, JPEG bytes, headers) against {@link EnvelopeRules}.
 * Pure: the job calls it per record and routes rejections to the dead-letter topic.
 */
public final class EnvelopeParser {

    private final EnvelopeRules rules;

    public EnvelopeParser(EnvelopeRules rules) {
        this.rules = rules;
    }

    /** Outcome of parsing: exactly one of envelope and reason is set. */
    public record Result(FrameEnvelope envelope, RejectReason reason, String detail) {
        static Result ok(FrameEnvelope e) {
            return new Result(e, null, null);
        }

        static Result reject(RejectReason r, String detail) {
            return new Result(null, r, detail);
        }

        public boolean isOk() {
            return envelope != null;
        }
    }

    public Result parse(byte[] key, byte[] payload, Map<String, byte[]> headers, long nowMillis) {
        String version = text(headers, FrameEnvelope.H_VERSION);
        if (version == null) return Result.reject(RejectReason.MISSING_HEADER, "header 'argus-v' is missing");
        if (!FrameEnvelope.FORMAT_VERSION.equals(version)) {
            return Result.reject(RejectReason.UNSUPPORTED_VERSION,
                    "envelope version '" + printable(version) + "' is not supported (expected '" + FrameEnvelope.FORMAT_VERSION + "')");
        }
        for (String h : new String[] {FrameEnvelope.H_CAMERA_ID, FrameEnvelope.H_FRAME_ID, FrameEnvelope.H_CAPTURE_TS,
                FrameEnvelope.H_WIDTH, FrameEnvelope.H_HEIGHT, FrameEnvelope.H_CONTENT_TYPE}) {
            if (text(headers, h) == null) return Result.reject(RejectReason.MISSING_HEADER, "header '" + h + "' is missing");
        }
        String camera = text(headers, FrameEnvelope.H_CAMERA_ID);
        if (!EnvelopeRules.CAMERA_ID.matcher(camera).matches()) {
            return Result.reject(RejectReason.BAD_CAMERA_ID,
                    "camera id '" + printable(camera) + "' must match " + EnvelopeRules.CAMERA_ID.pattern());
        }
        if (!rules.knownCameras().isEmpty() && !rules.knownCameras().contains(camera)) {
            return Result.reject(RejectReason.UNKNOWN_CAMERA, "camera '" + camera + "' is not configured");
        }
        if (key != null && !camera.equals(new String(key, StandardCharsets.UTF_8))) {
            return Result.reject(RejectReason.KEY_MISMATCH, "record key does not equal header camera-id '" + camera + "'");
        }
        Long frameId = parseLong(text(headers, FrameEnvelope.H_FRAME_ID));
        if (frameId == null || frameId < 0) {
            return Result.reject(RejectReason.BAD_FRAME_ID, "frame-id must be a non-negative integer");
        }
        Long ts = parseLong(text(headers, FrameEnvelope.H_CAPTURE_TS));
        if (ts == null) return Result.reject(RejectReason.BAD_TIMESTAMP, "capture-ts must be epoch milliseconds");
        if (ts < rules.earliestCaptureTs().toEpochMilli() || ts > nowMillis + rules.maxFutureSkew().toMillis()) {
            return Result.reject(RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "capture-ts " + ts + " is before " + rules.earliestCaptureTs() + " or more than "
                            + rules.maxFutureSkew().toSeconds() + " s in the future");
        }
        Long w = parseLong(text(headers, FrameEnvelope.H_WIDTH));
        Long h = parseLong(text(headers, FrameEnvelope.H_HEIGHT));
        if (w == null || h == null || w <= 0 || h <= 0 || w > rules.maxDimension() || h > rules.maxDimension()) {
            return Result.reject(RejectReason.BAD_DIMENSIONS,
                    "width and height must be integers in 1.." + rules.maxDimension());
        }
        String contentType = text(headers, FrameEnvelope.H_CONTENT_TYPE);
        if (!FrameEnvelope.CONTENT_TYPE_JPEG.equals(contentType)) {
            return Result.reject(RejectReason.UNSUPPORTED_CONTENT_TYPE,
                    "content-type '" + printable(contentType) + "' is not supported (expected image/jpeg)");
        }
        if (payload == null || payload.length == 0) return Result.reject(RejectReason.EMPTY_PAYLOAD, "the record has no bytes");
        if (payload.length > rules.maxPayloadBytes()) {
            return Result.reject(RejectReason.PAYLOAD_TOO_LARGE,
                    payload.length + " bytes is over the limit of " + rules.maxPayloadBytes());
        }
        // Cheap structural checks here; a full decode happens next to inference.
        if (payload.length < 4 || (payload[0] & 0xFF) != 0xFF || (payload[1] & 0xFF) != 0xD8) {
            return Result.reject(RejectReason.NOT_JPEG, "payload does not start with a JPEG SOI marker");
        }
        if (!endsWithEoi(payload)) {
            return Result.reject(RejectReason.TRUNCATED_JPEG, "payload has no JPEG EOI marker at its end");
        }
        // A decompression bomb: a small file whose own frame header claims a huge picture. Refused here,
        // before any decoder allocates its pixels (the headers' width and height are only what the producer says).
        JpegHeader.Size sof = JpegHeader.size(payload);
        if (sof != null && (sof.width() > rules.maxDimension() || sof.height() > rules.maxDimension() || sof.width() == 0 || sof.height() == 0)) {
            return Result.reject(RejectReason.BAD_DIMENSIONS, "the JPEG's frame header says " + sof.width() + "x" + sof.height()
                    + ", outside 1.." + rules.maxDimension());
        }
        return Result.ok(new FrameEnvelope(camera, frameId, ts, w.intValue(), h.intValue(), contentType));
    }

    /** Whether JPEG bytes end with the EOI marker; some encoders pad after it, so a few trailing bytes are allowed. */
    public static boolean endsWithEoi(byte[] p) {
        for (int i = p.length - 2; i >= Math.max(2, p.length - 16); i--) {
            if ((p[i] & 0xFF) == 0xFF && (p[i + 1] & 0xFF) == 0xD9) return true;
        }
        return false;
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] v = headers.get(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8).trim();
    }

    private static Long parseLong(String s) {
        if (s == null) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Hostile input ends up in logs and headers: cut it short and drop control characters. */
    static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
