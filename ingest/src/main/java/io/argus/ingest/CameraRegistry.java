package io.argus.ingest;

import io.argus.config.CameraSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code cameras} table current: each camera's name, source, status (online, offline,
 * error) and last_seen_at, so analysts see which cameras are alive. A database problem is logged
 * and retried with the next update; it never stops ingest.
 */
public final class CameraRegistry implements CameraPublisher.CameraStatusListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraRegistry.class);
    private static final long SEEN_EVERY_MS = 5000;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final String url;
    private final String user;
    private final String password;
    private final Map<String, Long> lastSeenWrite = new ConcurrentHashMap<>();
    private Connection connection;

    public CameraRegistry(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public synchronized void register(CameraSpec c) {
        run("INSERT INTO cameras (id, name, source, status, zones, lines) VALUES (?, ?, ?, 'unknown', ?::jsonb, ?::jsonb) "
                + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, source = EXCLUDED.source, zones = EXCLUDED.zones, lines = EXCLUDED.lines",
                c.id(), c.name(), io.argus.config.SourceUrl.redact(c.source()), zonesJson(c), linesJson(c));
    }

    @Override
    public synchronized void status(String cameraId, String status, String detail) {
        String s = switch (status) {
            case "online", "offline", "error" -> status;
            default -> "unknown";
        };
        run("UPDATE cameras SET status = ? WHERE id = ?", s, cameraId);
    }

    @Override
    public void seen(String cameraId, long captureTs) {
        long now = System.currentTimeMillis();
        Long last = lastSeenWrite.get(cameraId);
        if (last != null && now - last < SEEN_EVERY_MS) return;
        lastSeenWrite.put(cameraId, now);
        synchronized (this) {
            run("UPDATE cameras SET last_seen_at = now(), status = 'online' WHERE id = ?", cameraId);
        }
    }

    private void run(String sql, Object... args) {
        try {
            if (connection == null || !connection.isValid(2)) connection = DriverManager.getConnection(url, user, password);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            LOG.warn("camera registry update failed (ingest goes on; is the schema migrated? ./argus migrate): {}", e.getMessage());
            closeQuietly();
        }
    }

    /** Zones and lines as JSON: {name, polygon: [{x, y}...]} and {name, from: {x, y}, to: {x, y}}. */
    static String zonesJson(CameraSpec c) {
        return json(c.zones());
    }

    static String linesJson(CameraSpec c) {
        return json(c.lines());
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
