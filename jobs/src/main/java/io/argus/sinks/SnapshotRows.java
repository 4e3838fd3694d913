package io.argus.sinks;

import io.argus.media.SnapshotRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/** How a {@link SnapshotRow} is written to {@code snapshots} (and points its episode at it). */
public final class SnapshotRows {
    private SnapshotRows() {}

    /** A final version is never replaced by an open one, whatever order a replay delivers in. */
    public static final String UPSERT = """
            WITH s AS (
              INSERT INTO snapshots (episode_id, camera_id, model_id, ts, frame_id, labels, confidence, x, y, w, h,
                                     uri, thumbnail_uri, bytes, final)
              VALUES (?, ?, ?, ?, ?, ARRAY[?]::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (episode_id) DO UPDATE SET
                ts = EXCLUDED.ts, frame_id = EXCLUDED.frame_id, labels = EXCLUDED.labels, confidence = EXCLUDED.confidence,
                x = EXCLUDED.x, y = EXCLUDED.y, w = EXCLUDED.w, h = EXCLUDED.h, uri = EXCLUDED.uri,
                thumbnail_uri = EXCLUDED.thumbnail_uri, bytes = EXCLUDED.bytes, final = EXCLUDED.final, updated_at = now()
              WHERE NOT snapshots.final OR EXCLUDED.final
              RETURNING episode_id, uri)
            UPDATE episodes e SET snapshot_uri = s.uri FROM s
            WHERE e.id = s.episode_id AND e.snapshot_uri IS DISTINCT FROM s.uri""";

    public static void bind(PreparedStatement ps, SnapshotRow r) throws SQLException {
        ps.setObject(1, UUID.fromString(r.episodeId));
        ps.setString(2, r.cameraId);
        ps.setString(3, r.modelId);
        ps.setTimestamp(4, new Timestamp(r.ts));
        ps.setLong(5, r.frameId);
        ps.setString(6, r.label);
        ps.setFloat(7, r.confidence);
        ps.setFloat(8, r.x);
        ps.setFloat(9, r.y);
        ps.setFloat(10, r.w);
        ps.setFloat(11, r.h);
        ps.setString(12, r.uri);
        ps.setString(13, r.thumbnailUri);
        ps.setLong(14, r.bytes);
        ps.setBoolean(15, r.isFinal);
    }
}
