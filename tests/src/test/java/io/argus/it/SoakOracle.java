package io.argus.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Recounts every derived row from the raw rows, in SQL, independently of the job's streaming code:
 * rollups from {@code detections} and {@code episodes}, health from {@code ai_events}. Each check
 * returns the rows that differ (in either direction), as text; empty means exact.
 */
final class SoakOracle {
    private SoakOracle() {}

    /**
     * Hourly or daily rollups (unit {@code hour} or {@code day}, days in UTC) against a recount:
     * objects, frames, most objects in a frame, mean confidence, episodes started (in the bucket of
     * their start), and time in view (per confirmed track, the gap since its previous sighting,
     * capped at {@code maxGapS}, in the bucket of the later sighting).
     */
    static List<String> rollupMismatches(Connection c, String unit, double maxGapS) throws SQLException {
        String table = unit.equals("hour") ? "rollups_hourly" : "rollups_daily";
        String sql = """
                WITH d AS (
                  SELECT camera_id, model_id, label, ts, frame_id, confidence,
                         -- (least() skips NULLs, so a first sighting's missing gap is made 0 before the cap)
                         CASE WHEN track_id IS NULL THEN 0 ELSE least(coalesce(extract(epoch FROM ts - lag(ts) OVER
                           (PARTITION BY camera_id, model_id, track_id ORDER BY ts)), 0), %2$s) END AS in_view
                  FROM detections),
                per_frame AS (
                  -- a frame is its id and its capture time (ids may start again)
                  SELECT camera_id, model_id, label, date_trunc('%1$s', ts) AS bucket, frame_id, ts,
                         count(*) AS n, sum(confidence) AS conf, sum(in_view) AS in_view
                  FROM d GROUP BY 1, 2, 3, 4, 5, 6),
                objects AS (
                  SELECT camera_id, model_id, label, bucket, sum(n) AS detections, count(*) AS frames, max(n) AS max_concurrent,
                         sum(conf) / sum(n) AS mean_confidence, sum(in_view) AS time_in_view_s
                  FROM per_frame GROUP BY 1, 2, 3, 4),
                started AS (
                  SELECT camera_id, model_id, label, date_trunc('%1$s', started_at) AS bucket, count(*) AS episodes_started
                  FROM episodes GROUP BY 1, 2, 3, 4),
                oracle AS (
                  SELECT camera_id, model_id, label, bucket, coalesce(o.detections, 0) AS detections, coalesce(o.frames, 0) AS frames,
                         coalesce(o.max_concurrent, 0) AS max_concurrent, o.mean_confidence,
                         coalesce(s.episodes_started, 0) AS episodes_started, coalesce(o.time_in_view_s, 0) AS time_in_view_s
                  FROM objects o FULL JOIN started s USING (camera_id, model_id, label, bucket))
                SELECT camera_id, model_id, label, bucket,
                       o.detections AS want_detections, r.detections AS got_detections, o.frames AS want_frames, r.frames AS got_frames,
                       o.max_concurrent AS want_max, r.max_concurrent AS got_max, o.mean_confidence AS want_conf, r.mean_confidence AS got_conf,
                       o.episodes_started AS want_episodes, r.episodes_started AS got_episodes,
                       o.time_in_view_s AS want_in_view, r.time_in_view_s AS got_in_view
                FROM oracle o FULL JOIN %3$s r USING (camera_id, model_id, label, bucket)
                WHERE o.detections IS NULL OR r.detections IS NULL OR o.detections <> r.detections OR o.frames <> r.frames
                   OR o.max_concurrent <> r.max_concurrent OR o.episodes_started <> r.episodes_started
                   OR abs(coalesce(o.mean_confidence, 0) - coalesce(r.mean_confidence, 0)) > 1e-4
                   OR abs(o.time_in_view_s - r.time_in_view_s) > 1e-6
                ORDER BY 1, 2, 3, 4""".formatted(unit, maxGapS, table);
        return rows(c, sql);
    }

    /** Health rows against a recount of {@code ai_events}: frames processed per camera and hour, none skipped. */
    static List<String> healthMismatches(Connection c) throws SQLException {
        String sql = """
                WITH oracle AS (
                  SELECT camera_id, date_trunc('hour', ts) AS bucket, count(*) AS processed FROM ai_events GROUP BY 1, 2)
                SELECT camera_id, bucket, o.processed AS want_processed, h.frames_processed AS got_processed,
                       h.frames_skipped AS got_skipped
                FROM oracle o FULL JOIN pipeline_health_hourly h USING (camera_id, bucket)
                WHERE o.processed IS NULL OR h.frames_processed IS NULL OR o.processed <> h.frames_processed
                   OR h.frames_skipped <> 0
                ORDER BY 1, 2""";
        return rows(c, sql);
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            try (ResultSet r = s.executeQuery(sql)) {
                ResultSetMetaData m = r.getMetaData();
                while (r.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= m.getColumnCount(); i++) b.append(i > 1 ? " " : "").append(m.getColumnLabel(i)).append('=').append(r.getString(i));
                    out.add(b.toString());
                }
            }
        }
        return out;
    }
}
