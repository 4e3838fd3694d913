package io.argus.media;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * An episode's snapshot as a row of {@code snapshots} (one per episode, keyed by its id). A Flink POJO.
 * The same statement points the episode's row at it; the episode upsert looks it up too, so
 * whichever row lands first, the episode ends up referencing its snapshot.
 */
public class SnapshotRow {
    public String episodeId;
    public String cameraId;
    public String modelId;
    /** Capture time of the frame shown. */
    public long ts;
    public long frameId;
    public String label;
    public float confidence;
    public float x, y, w, h;
    public String uri;
    public String thumbnailUri;
    /** Snapshot and thumbnail together. */
    public long bytes;
    /** Written after the episode closed: no later version follows. */
    public boolean isFinal;

    public SnapshotRow() {}

    public SnapshotRow asFinal() {
        SnapshotRow r = new SnapshotRow();
        r.episodeId = episodeId;
        r.cameraId = cameraId;
        r.modelId = modelId;
        r.ts = ts;
        r.frameId = frameId;
        r.label = label;
        r.confidence = confidence;
        r.x = x;
        r.y = y;
        r.w = w;
        r.h = h;
        r.uri = uri;
        r.thumbnailUri = thumbnailUri;
        r.bytes = bytes;
        r.isFinal = true;
        return r;
    }

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
