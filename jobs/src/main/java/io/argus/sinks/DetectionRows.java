package io.argus.sinks;

import io.argus.udf.scene.DetectionRow;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.UUID;

/** How a {@link DetectionRow} is written to {@code detections}: its key, the bulk sink's table and CSV line, the batched upsert. */
public final class DetectionRows {
    private DetectionRows() {}

    public static final String UPSERT = """
            INSERT INTO detections (id, camera_id, model_id, ts, frame_id, track_id, label, confidence, x, y, w, h)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id, ts) DO UPDATE SET track_id = EXCLUDED.track_id""";

    /** The row's key: the same object of the same frame always gets the same id (replays upsert, never duplicate). */
    static UUID id(DetectionRow r) {
        return UUID.nameUUIDFromBytes(("detection/" + r.cameraId + "/" + r.frameId + "/" + r.modelId + "/" + r.index).getBytes(StandardCharsets.UTF_8));
    }

    /** The table for the bulk sink: the upsert above, by COPY and one merge per batch. */
    public static final CopyUpsertSink.Table TABLE = new CopyUpsertSink.Table("detections",
            java.util.List.of("id", "camera_id", "model_id", "ts", "frame_id", "track_id", "label", "confidence", "x", "y", "w", "h"),
            java.util.List.of("id", "ts"), "DO UPDATE SET track_id = EXCLUDED.track_id");

    public static void encode(DetectionRow r, CsvLine out) {
        out.uuid(id(r)).text(r.cameraId).text(r.modelId).time(r.ts).number(r.frameId);
        if (r.trackId > 0) out.number(r.trackId);
        else out.nil();
        out.text(r.label).number(r.confidence).number(r.x).number(r.y).number(r.w).number(r.h);
    }

    public static void bind(PreparedStatement ps, DetectionRow r) throws SQLException {
        ps.setObject(1, id(r));
        ps.setString(2, r.cameraId);
        ps.setString(3, r.modelId);
        ps.setTimestamp(4, new Timestamp(r.ts));
        ps.setLong(5, r.frameId);
        if (r.trackId > 0) ps.setLong(6, r.trackId);
        else ps.setNull(6, Types.BIGINT);
        ps.setString(7, r.label);
        ps.setFloat(8, r.confidence);
        ps.setFloat(9, r.x);
        ps.setFloat(10, r.y);
        ps.setFloat(11, r.w);
        ps.setFloat(12, r.h);
    }
}
