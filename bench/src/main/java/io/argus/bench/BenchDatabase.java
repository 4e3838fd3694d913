package io.argus.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmarks' database: one connection per call (figures are read outside the measured paths). */
record BenchDatabase(String url, String user, String password) {
    /** The tables a benchmark run writes; emptied between runs. */
    static final String EVENT_TABLES = "ai_events, detections, episodes, actions, rollups_hourly, rollups_daily, pipeline_health_hourly";

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The first column of the first row, as a number. */
    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    void truncate(String tables) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + tables);
        }
    }
}
