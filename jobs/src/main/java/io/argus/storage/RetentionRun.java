package io.argus.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Layered retention, run now ({@code ./argus maintain}; from cron on plain PostgreSQL): raw
 * {@code ai_events} and {@code detections} older than the raw retention, hourly rollups older than the
 * hourly retention; daily, weekly and monthly rollups are kept. On plain PostgreSQL rows are deleted
 * in batches (short transactions, so the job's writes are not held up); on TimescaleDB the same
 * layers are TimescaleDB's retention policies, which this runs now instead of waiting for their schedule.
 */
public final class RetentionRun {
    static final int BATCH = 50_000;
    private static final String CHUNKS = "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = ?";

    private RetentionRun() {}

    /** @return per table, the rows deleted (plain PostgreSQL) or the chunks dropped (TimescaleDB) */
    public static Map<String, Long> run(Connection c, DatabaseBackend backend, StorageOptions o, Consumer<String> progress) throws SQLException {
        Map<String, Duration> layers = new LinkedHashMap<>();
        for (String t : StorageLayout.RAW_RETAINED) layers.put(t, o.rawRetention());
        layers.put("rollups_hourly", o.hourlyRetention());
        Map<String, Long> out = new LinkedHashMap<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            for (var e : layers.entrySet()) {
                String table = e.getKey();
                String column = table.startsWith("rollups") ? "bucket" : "ts";
                long n = backend == DatabaseBackend.TIMESCALEDB ? runPolicy(c, table) : deleteOlder(c, table, column, e.getValue(), progress);
                out.put(table, n);
                progress.accept(backend == DatabaseBackend.TIMESCALEDB
                        ? table + ": retention policy run (older than " + e.getValue().toDays() + " days), " + n + " chunks dropped"
                        : table + ": " + n + " rows older than " + e.getValue().toDays() + " days deleted");
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return out;
    }

    private static long deleteOlder(Connection c, String table, String column, Duration keep, Consumer<String> progress) throws SQLException {
        long total = 0;
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + column
                + " < now() - ?::interval LIMIT " + BATCH + ")")) {
            s.setString(1, keep.toDays() + " days");
            for (int n; (n = s.executeUpdate()) > 0; ) {
                total += n;
                if (n == BATCH) progress.accept(table + ": " + total + " rows deleted so far");
            }
        }
        return total;
    }

    private static long runPolicy(Connection c, String table) throws SQLException {
        Integer job = null;
        try (PreparedStatement s = c.prepareStatement("SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_name = ?")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) job = r.getInt(1);
            }
        }
        if (job == null) throw new IllegalStateException(table + " has no retention policy: run ./argus migrate first");
        long before = Sql.number(c, CHUNKS, table);
        try (Statement s = c.createStatement()) {
            s.execute("CALL run_job(" + job + ")");
        }
        return before - Sql.number(c, CHUNKS, table);
    }
}
