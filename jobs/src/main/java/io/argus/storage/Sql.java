package io.argus.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One-value catalogue queries of the storage layout: the first column of the first row. */
final class Sql {
    private Sql() {}

    /** The value as text, or null when there is no row (or the value is null). */
    static String text(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    static boolean exists(Connection c, String sql, String... args) throws SQLException {
        return text(c, sql, args) != null;
    }

    static long number(Connection c, String sql, String... args) throws SQLException {
        String v = text(c, sql, args);
        return v == null ? 0 : Long.parseLong(v);
    }
}
