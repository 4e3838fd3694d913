package io.argus.sinks;

import io.argus.udf.rollups.RollupRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** How a {@link RollupRow} is written to {@code rollups_hourly} or {@code rollups_daily}. */
public final class RollupRows {
    private RollupRows() {}

    static String upsert(String table) {
        return "INSERT INTO " + table + " (camera_id, model_id, label, bucket, detections, frames, max_concurrent, mean_confidence, "
                + "episodes_started, time_in_view_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (camera_id, model_id, label, bucket) DO UPDATE SET detections = EXCLUDED.detections, "
                + "frames = EXCLUDED.frames, max_concurrent = EXCLUDED.max_concurrent, mean_confidence = EXCLUDED.mean_confidence, "
                + "episodes_started = EXCLUDED.episodes_started, time_in_view_s = EXCLUDED.time_in_view_s, updated_at = now()";
    }

    public static void bind(PreparedStatement ps, RollupRow r) throws SQLException {
        ps.setString(1, r.cameraId);
        ps.setString(2, r.modelId);
        ps.setString(3, r.label);
        ps.setTimestamp(4, new Timestamp(r.bucket));
        ps.setLong(5, r.detections);
        ps.setLong(6, r.frames);
        ps.setInt(7, r.maxConcurrent);
        if (r.detections > 0) ps.setFloat(8, (float) (r.confidenceSum / r.detections));
        else ps.setNull(8, Types.REAL);
        ps.setInt(9, r.episodesStarted);
        ps.setDouble(10, r.timeInViewS);
    }
}
