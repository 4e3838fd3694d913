package io.argus.sinks;

import io.argus.media.ClipRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/** How a {@link ClipRow} is written to {@code clips}. */
public final class ClipRows {
    private ClipRows() {}

    public static final String UPSERT = """
            INSERT INTO clips (episode_id, camera_id, model_id, start_ts, duration_ms, frames, labels, uri, codec, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ARRAY[?]::text[], ?, ?, ?)
            ON CONFLICT (episode_id) DO UPDATE SET
              start_ts = EXCLUDED.start_ts, duration_ms = EXCLUDED.duration_ms, frames = EXCLUDED.frames, labels = EXCLUDED.labels,
              uri = EXCLUDED.uri, codec = EXCLUDED.codec, bytes = EXCLUDED.bytes, updated_at = now()""";

    public static void bind(PreparedStatement ps, ClipRow r) throws SQLException {
        ps.setObject(1, UUID.fromString(r.episodeId));
        ps.setString(2, r.cameraId);
        ps.setString(3, r.modelId);
        ps.setTimestamp(4, new Timestamp(r.startTs));
        ps.setLong(5, r.durationMs);
        ps.setInt(6, r.frames);
        ps.setString(7, r.label);
        ps.setString(8, r.uri);
        ps.setString(9, r.codec);
        ps.setLong(10, r.bytes);
    }
}
