package io.argus.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read-only queries for the API: a few pooled connections (a page asks for a list and fifty
 * thumbnails at once), each set read-only, and rows as JSON objects keyed by column name: times as
 * ISO-8601, arrays as arrays, jsonb as JSON.
 */
final class Database implements AutoCloseable {
    static final int POOL = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url, user, password;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOL);

    Database(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    ArrayNode rows(String sql, List<Object> params) throws SQLException {
        Connection c = borrow();
        boolean healthy = false;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof java.time.Instant t) ps.setTimestamp(i + 1, Timestamp.from(t));
                else ps.setObject(i + 1, p);
            }
            ArrayNode out = JSON.createArrayNode();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) out.add(row(rs, md));
            }
            healthy = true;
            return out;
        } finally {
            giveBack(c, healthy);
        }
    }

    /** The first row, or null. */
    ObjectNode row(String sql, List<Object> params) throws SQLException {
        ArrayNode r = rows(sql, params);
        return r.isEmpty() ? null : (ObjectNode) r.get(0);
    }

    private static ObjectNode row(ResultSet rs, ResultSetMetaData md) throws SQLException {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i);
            Object v = rs.getObject(i);
            if (v == null) n.putNull(name);
            else if (v instanceof Timestamp t) n.put(name, t.toInstant().toString());
            else if (v instanceof Array a) n.set(name, JSON.valueToTree(a.getArray()));
            else if (v instanceof org.postgresql.util.PGobject o && o.getType().startsWith("json")) n.set(name, json(o.getValue()));
            else if (v instanceof java.util.UUID u) n.put(name, u.toString());
            else n.set(name, JSON.valueToTree(v));
        }
        return n;
    }

    private static JsonNode json(String s) throws SQLException {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new SQLException("a jsonb value that is not JSON: " + e.getMessage(), e);
        }
    }

    private Connection borrow() throws SQLException {
        Connection c = idle.poll();
        while (c != null && !c.isValid(2)) {
            close(c);
            c = idle.poll();
        }
        if (c == null) {
            c = DriverManager.getConnection(url, user, password);
            c.setReadOnly(true);
        }
        return c;
    }

    private void giveBack(Connection c, boolean healthy) {
        if (!healthy || !idle.offer(c)) close(c);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // gone already
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) close(c);
    }
}
