package io.argus.job;

import io.argus.vision.Detection;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.UUID;

/** One object in one frame, with its track when the track is confirmed. A Flink POJO and its upsert. */
public class DetectionRow {
    public String cameraId;
    public String modelId;
    public long ts;
    public long frameId;
    public int index;
    /** 0 when the object belongs to no confirmed track. */
    public long trackId;
    public String label;
    public float confidence;
    public float x, y, w, h;

    public DetectionRow() {}

    static DetectionRow of(String camera, String model, long ts, long frameId, int index, long trackId, Detection d) {
        DetectionRow r = new DetectionRow();
        r.cameraId = camera;
        r.modelId = model;
        r.ts = ts;
        r.frameId = frameId;
        r.index = index;
        r.trackId = trackId;
        r.label = d.label;
        r.confidence = d.confidence;
        r.x = d.x;
        r.y = d.y;
        r.w = d.w;
        r.h = d.h;
        return r;
    }

    public static final String UPSERT = """
            INSERT INTO detections (id, camera_id, model_id, ts, frame_id, track_id, label, confidence, x, y, w, h)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id, ts) DO UPDATE SET track_id = EXCLUDED.track_id""";

    public static void bind(PreparedStatement ps, DetectionRow r) throws SQLException {
        ps.setObject(1, UUID.nameUUIDFromBytes(("detection/" + r.cameraId + "/" + r.frameId + "/" + r.modelId + "/" + r.index)
                .getBytes(StandardCharsets.UTF_8)));
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
