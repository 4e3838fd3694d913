package io.argus.storage;

import io.argus.inference.OnnxDetector;
import io.argus.sinks.JdbcSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Records the models a job starts with in the {@code models} table (upsert by id = name:version). A model
 * already there keeps its status: the control topic may have retired it since (docs/models.md).
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    public static void register(JdbcSettings jdbc, OnnxDetector d) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO models (id, name, version, type, artifact_uri, status, activated_at, metadata)
                     VALUES (?, ?, ?, 'detector', ?, 'active', now(), ?::jsonb)
                     ON CONFLICT (id) DO UPDATE SET artifact_uri = EXCLUDED.artifact_uri,
                       metadata = EXCLUDED.metadata, updated_at = now()""")) {
            ps.setString(1, d.modelId());
            ps.setString(2, d.modelName());
            ps.setString(3, d.version());
            ps.setString(4, Path.of(d.options().modelPath()).toAbsolutePath().toUri().toString());
            ps.setString(5, String.format("{\"layout\":\"%s\",\"input_width\":%d,\"input_height\":%d,\"labels\":%d,\"provider\":\"%s\"}",
                    d.layout(), d.inputWidth(), d.inputHeight(), d.labels().size(), d.provider()));
            ps.executeUpdate();
        }
    }
}
