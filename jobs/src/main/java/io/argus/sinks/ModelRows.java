package io.argus.sinks;

import io.argus.udf.models.ModelComparisonRow;
import io.argus.udf.models.ModelRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** How model status rows ({@code models}) and shadow comparisons ({@code model_comparisons}) are written. */
public final class ModelRows {
    private ModelRows() {}

    public static final String MODEL_UPSERT = """
            INSERT INTO models (id, name, version, type, artifact_uri, status, error, activated_at, retired_at, metadata)
            VALUES (?, ?, ?, 'detector', ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error,
              activated_at = coalesce(EXCLUDED.activated_at, models.activated_at), retired_at = EXCLUDED.retired_at,
              artifact_uri = EXCLUDED.artifact_uri, metadata = models.metadata || EXCLUDED.metadata, updated_at = now()""";

    public static void bindModel(PreparedStatement ps, ModelRow r) throws SQLException {
        ps.setString(1, r.id);
        ps.setString(2, r.name);
        ps.setString(3, r.version);
        ps.setString(4, r.artifactUri);
        ps.setString(5, r.status.code());
        ps.setString(6, r.error);
        time(ps, 7, r.activatedAt);
        time(ps, 8, r.retiredAt);
        ps.setString(9, r.metadata == null ? "{}" : r.metadata);
    }

    private static void time(PreparedStatement ps, int i, long ms) throws SQLException {
        if (ms > 0) ps.setTimestamp(i, new Timestamp(ms));
        else ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    }

    public static final String COMPARISON_UPSERT = """
            INSERT INTO model_comparisons (camera_id, ts, frame_id, shadow_model_id, active_model_id, label, active_detections,
                                           active_confidence_sum, shadow_detections, shadow_confidence_sum, matched)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (camera_id, shadow_model_id, frame_id, label, ts) DO UPDATE SET active_model_id = EXCLUDED.active_model_id,
              active_detections = EXCLUDED.active_detections, active_confidence_sum = EXCLUDED.active_confidence_sum,
              shadow_detections = EXCLUDED.shadow_detections, shadow_confidence_sum = EXCLUDED.shadow_confidence_sum,
              matched = EXCLUDED.matched""";

    public static void bindComparison(PreparedStatement ps, ModelComparisonRow r) throws SQLException {
        ps.setString(1, r.cameraId);
        ps.setTimestamp(2, new Timestamp(r.ts));
        ps.setLong(3, r.frameId);
        ps.setString(4, r.shadowModelId);
        ps.setString(5, r.activeModelId);
        ps.setString(6, r.label);
        ps.setInt(7, r.activeDetections);
        ps.setDouble(8, r.activeConfidenceSum);
        ps.setInt(9, r.shadowDetections);
        ps.setDouble(10, r.shadowConfidenceSum);
        ps.setInt(11, r.matched);
    }
}
