package io.argus.sinks;

import io.argus.tracking.Action;
import io.argus.tracking.Episode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * How episodes and actions become rows and event-topic messages. Upserts by deterministic id; a
 * closed episode is only ever overwritten by a closed version of itself, so it closes exactly once
 * whatever order a replay delivers in. The episode references its snapshot (snapshot_uri) whichever of
 * the two rows lands first: this upsert looks the snapshot up, and the snapshot upsert sets it.
 */
public final class SceneRows {

    private SceneRows() {}

    public static final String EPISODE_UPSERT = """
            INSERT INTO episodes (id, camera_id, model_id, track_id, label, started_at, ended_at, status, frames,
                                  peak_confidence, best_frame_id, zones, max_speed, stationary, snapshot_uri)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT uri FROM snapshots WHERE episode_id = ?))
            ON CONFLICT (id) DO UPDATE SET
              ended_at = EXCLUDED.ended_at, status = EXCLUDED.status, frames = EXCLUDED.frames,
              peak_confidence = EXCLUDED.peak_confidence, best_frame_id = EXCLUDED.best_frame_id, zones = EXCLUDED.zones,
              max_speed = EXCLUDED.max_speed, stationary = EXCLUDED.stationary,
              snapshot_uri = coalesce(EXCLUDED.snapshot_uri, episodes.snapshot_uri), updated_at = now()
            WHERE episodes.status = 'open' OR EXCLUDED.status = 'closed'""";

    public static final String ACTION_UPSERT = """
            INSERT INTO actions (id, camera_id, model_id, ts, type, track_id, label, zone, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (id, ts) DO NOTHING""";

    public static void bindEpisode(PreparedStatement ps, Episode e) throws SQLException {
        ps.setObject(1, UUID.fromString(e.id));
        ps.setString(2, e.cameraId);
        ps.setString(3, e.modelId);
        ps.setLong(4, e.trackId);
        ps.setString(5, e.label);
        ps.setTimestamp(6, new Timestamp(e.startedAt));
        ps.setTimestamp(7, new Timestamp(e.endedAt));
        ps.setString(8, e.status.text());
        ps.setInt(9, e.frames);
        ps.setFloat(10, e.peakConfidence);
        ps.setLong(11, e.bestFrameId);
        ps.setArray(12, ps.getConnection().createArrayOf("text", e.zones.toArray()));
        ps.setFloat(13, e.maxSpeed);
        ps.setBoolean(14, e.stationary);
        // Its snapshot may have landed first (another sink): then the new row references it at once.
        ps.setObject(15, UUID.fromString(e.id));
    }

    public static void bindAction(PreparedStatement ps, Action a) throws SQLException {
        ps.setObject(1, UUID.fromString(a.id));
        ps.setString(2, a.cameraId);
        ps.setString(3, a.modelId);
        ps.setTimestamp(4, new Timestamp(a.ts));
        ps.setString(5, a.type.text());
        ps.setLong(6, a.trackId);
        ps.setString(7, a.label);
        ps.setString(8, a.zone);
        ps.setString(9, a.data == null ? "{}" : a.data);
    }
}
