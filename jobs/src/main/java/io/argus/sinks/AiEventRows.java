package io.argus.sinks;

import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * How an {@link InferenceResult} becomes an {@code ai_events} row. The id is a name-based UUID of
 * camera, frame and model, so a replay after a failure rewrites the same row instead of adding one.
 */
public final class AiEventRows {
    private AiEventRows() {}

    public static final String UPSERT = """
            INSERT INTO ai_events (id, camera_id, model_id, ts, frame_id, detections, confidence, event_metadata)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb)
            ON CONFLICT (id, ts) DO UPDATE SET
              detections = EXCLUDED.detections,
              confidence = EXCLUDED.confidence,
              event_metadata = EXCLUDED.event_metadata""";

    public static UUID id(String cameraId, long frameId, String modelId) {
        return UUID.nameUUIDFromBytes(("ai_event/" + cameraId + "/" + frameId + "/" + modelId).getBytes(StandardCharsets.UTF_8));
    }

    /** The table for the bulk sink: the upsert above, by COPY and one merge per batch. */
    public static final CopyUpsertSink.Table TABLE = new CopyUpsertSink.Table("ai_events",
            java.util.List.of("id", "camera_id", "model_id", "ts", "frame_id", "detections", "confidence", "event_metadata"),
            java.util.List.of("id", "ts"), "DO UPDATE SET detections = EXCLUDED.detections, confidence = EXCLUDED.confidence,"
                    + " event_metadata = EXCLUDED.event_metadata");

    public static void encode(InferenceResult r, CsvLine out) {
        out.uuid(id(r.cameraId(), r.frameId(), r.modelId)).text(r.cameraId()).text(r.modelId).time(r.captureTs()).number(r.frameId())
                .text(detectionsJson(r));
        if (r.detections.isEmpty()) out.nil();
        else out.number(r.maxConfidence());
        out.text(metadataJson(r));
    }

    public static void bind(PreparedStatement ps, InferenceResult r) throws SQLException {
        ps.setObject(1, id(r.cameraId(), r.frameId(), r.modelId));
        ps.setString(2, r.cameraId());
        ps.setString(3, r.modelId);
        ps.setTimestamp(4, new Timestamp(r.captureTs()));
        ps.setLong(5, r.frameId());
        ps.setString(6, detectionsJson(r));
        if (r.detections.isEmpty()) ps.setNull(7, java.sql.Types.REAL);
        else ps.setFloat(7, r.maxConfidence());
        ps.setString(8, metadataJson(r));
    }

    /** Hand-written JSON: the hot path of every frame, and the fields are numbers and safe labels. */
    static String detectionsJson(InferenceResult r) {
        StringBuilder b = new StringBuilder(64 + r.detections.size() * 110).append('[');
        for (int i = 0; i < r.detections.size(); i++) {
            Detection d = r.detections.get(i);
            if (i > 0) b.append(',');
            b.append("{\"label\":");
            quote(b, d.label);
            b.append(",\"class_id\":").append(d.classId);
            fixed(b.append(",\"confidence\":"), d.confidence, 4);
            fixed(b.append(",\"x\":"), d.x, 5);
            fixed(b.append(",\"y\":"), d.y, 5);
            fixed(b.append(",\"w\":"), d.w, 5);
            fixed(b.append(",\"h\":"), d.h, 5).append('}');
        }
        return b.append(']').toString();
    }

    static String metadataJson(InferenceResult r) {
        StringBuilder b = new StringBuilder(256).append("{\"model_name\":");
        quote(b, r.modelName);
        b.append(",\"model_version\":");
        quote(b, r.modelVersion);
        b.append(",\"provider\":");
        quote(b, r.provider);
        fixed(b.append(",\"inference_ms\":"), r.inferenceMs, 2);
        fixed(b.append(",\"preprocess_ms\":"), r.preprocessMs, 2);
        fixed(b.append(",\"operator_ms\":"), r.operatorMs, 2);
        b.append(",\"batch_size\":").append(r.batchSize).append(",\"width\":").append(r.envelope.width()).append(",\"height\":").append(r.envelope.height())
                .append(",\"objects\":").append(r.detections.size()).append('}');
        return b.toString();
    }

    /**
     * {@code v} with {@code decimals} digits after the point, rounded half up, as %.Nf prints it (but for a tie
     * that the double holds a hair below: this rounds it up)
     * (String.format was this path's hottest code); a value JSON cannot hold (NaN, infinite) is null.
     */
    static StringBuilder fixed(StringBuilder b, double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return b.append("null");
        long scale = POW10[decimals];
        long units = Math.round(Math.abs(v) * scale);
        if (v < 0 && units != 0) b.append('-');
        b.append(units / scale).append('.');
        String frac = Long.toString(units % scale);
        for (int i = frac.length(); i < decimals; i++) b.append('0');
        return b.append(frac);
    }

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private static void quote(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        b.append('"');
    }
}
