package io.argus.sinks;

import io.argus.udf.health.HealthRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** How a {@link HealthRow} is written to {@code pipeline_health_hourly}. */
public final class HealthRows {
    private HealthRows() {}

    public static final String UPSERT = """
            INSERT INTO pipeline_health_hourly (camera_id, bucket, frames_processed, frames_skipped, inference_p50_ms, inference_p95_ms,
                                                frames_dead_lettered)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (camera_id, bucket) DO UPDATE SET frames_processed = EXCLUDED.frames_processed,
              frames_skipped = EXCLUDED.frames_skipped, frames_dead_lettered = EXCLUDED.frames_dead_lettered,
              inference_p50_ms = EXCLUDED.inference_p50_ms,
              inference_p95_ms = EXCLUDED.inference_p95_ms, updated_at = now()""";

    public static void bind(PreparedStatement ps, HealthRow r) throws SQLException {
        ps.setString(1, r.cameraId);
        ps.setTimestamp(2, new Timestamp(r.bucket));
        ps.setLong(3, r.processed);
        ps.setLong(4, r.skipped);
        ps.setFloat(5, r.p50Ms);
        ps.setFloat(6, r.p95Ms);
        ps.setLong(7, r.deadLettered);
    }
}
