package io.argus.job;

import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
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
        out.uuid(id(r.cameraId, r.frameId, r.modelId)).text(r.cameraId).text(r.modelId).time(r.captureTs).number(r.frameId)
                .text(detectionsJson(r));
        if (r.detections.isEmpty()) out.nil();
        else out.number(r.maxConfidence());
        out.text(metadataJson(r));
    }

    public static void bind(PreparedStatement ps, InferenceResult r) throws SQLException {
        ps.setObject(1, id(r.cameraId, r.frameId, r.modelId));
        ps.setString(2, r.cameraId);
        ps.setString(3, r.modelId);
        ps.setTimestamp(4, new Timestamp(r.captureTs));
        ps.setLong(5, r.frameId);
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
            b.append(String.format(Locale.ROOT, ",\"class_id\":%d,\"confidence\":%.4f,\"x\":%.5f,\"y\":%.5f,\"w\":%.5f,\"h\":%.5f}",
                    d.classId, d.confidence, d.x, d.y, d.w, d.h));
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
        b.append(String.format(Locale.ROOT,
                ",\"inference_ms\":%.2f,\"preprocess_ms\":%.2f,\"operator_ms\":%.2f,\"batch_size\":%d,\"width\":%d,\"height\":%d,\"objects\":%d}",
                r.inferenceMs, r.preprocessMs, r.operatorMs, r.batchSize, r.width, r.height, r.detections.size()));
        return b.toString();
    }

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
