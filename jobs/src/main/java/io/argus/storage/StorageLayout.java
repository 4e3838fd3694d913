package io.argus.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the versioned migrations cannot say once for all: the layout that depends on the backend and
 * on the storage options. Applied after every migration run, and idempotent:
 * <ul>
 *   <li>TimescaleDB: raw tables and rollups as hypertables (plain tables with rows are converted), raw
 *       rows compressed, retention by layer (raw rows, then hourly rollups; daily and coarser kept),
 *       each policy brought to the options' value; weekly and monthly rollups as continuous aggregates
 *       over the daily ones, refreshed every hour and real-time (so queries see the latest daily rows);
 *   <li>plain PostgreSQL: weekly and monthly rollups as views with the same columns; retention by
 *       {@code ./argus maintain} ({@link RetentionRun}).
 * </ul>
 * Both: the read-only analyst role may read the new relations.
 */
public final class StorageLayout {
    private static final Logger LOG = LoggerFactory.getLogger(StorageLayout.class);

    /** A table that becomes a hypertable on TimescaleDB: its time column and chunk width. */
    record Hypertable(String table, String timeColumn, Duration chunk) {}

    static final List<Hypertable> HYPERTABLES = List.of(
            new Hypertable("ai_events", "ts", Duration.ofDays(7)),
            new Hypertable("detections", "ts", Duration.ofDays(7)),
            new Hypertable("actions", "ts", Duration.ofDays(7)),
            new Hypertable("model_comparisons", "ts", Duration.ofDays(7)),
            new Hypertable("rollups_hourly", "bucket", Duration.ofDays(30)),
            new Hypertable("rollups_daily", "bucket", Duration.ofDays(365)));
    static final List<String> COMPRESSED = List.of("ai_events", "detections", "actions");
    static final List<String> RAW_RETAINED = List.of("ai_events", "detections", "model_comparisons");
    /** The coarser rollup layers, computed from the daily rollups; same columns as the rollups. */
    public static final List<String> LAYERS = List.of("rollups_weekly", "rollups_monthly");

    private StorageLayout() {}

    public static List<String> hypertableNames() {
        return HYPERTABLES.stream().map(Hypertable::table).toList();
    }

    /**
     * Before the versioned migrations, on TimescaleDB: the tables that exist already as plain tables
     * (a database migrated before TimescaleDB was there) become hypertables, so that the migrations'
     * TimescaleDB statements find hypertables.
     */
    public static void convertExisting(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            for (Hypertable h : HYPERTABLES) {
                if (Sql.text(c, "SELECT to_regclass(?)::text", "public." + h.table()) != null) hypertable(c, h);
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    public static void apply(Connection c, DatabaseBackend backend, StorageOptions o) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true); // continuous aggregates are created and refreshed outside transactions
        try {
            if (backend == DatabaseBackend.TIMESCALEDB) {
                for (Hypertable h : HYPERTABLES) hypertable(c, h);
                for (String t : COMPRESSED) compression(c, t, o.compressAfter());
                for (String t : RAW_RETAINED) policy(c, t, "policy_retention", "drop_after", o.rawRetention());
                policy(c, "rollups_hourly", "policy_retention", "drop_after", o.hourlyRetention());
                continuousLayer(c, "rollups_weekly", weekBucket(o, true), "7 days", o);
                continuousLayer(c, "rollups_monthly", "time_bucket('1 month', bucket, '" + o.rollupZone().getId() + "')", "1 month", o);
            } else {
                // Recent-range scans of the raw tables (the open hours of detections_hourly, frame counts)
                // without a B-tree's cost on every insert: rows arrive in about time order. Each filled
                // block range is summarised by autovacuum (an unsummarised range matches every query).
                try (Statement s = c.createStatement()) {
                    for (String t : RAW_RETAINED) {
                        s.execute("CREATE INDEX IF NOT EXISTS " + t + "_ts_brin ON " + t + " USING brin (ts) WITH (autosummarize = on)");
                    }
                }
                viewLayer(c, "rollups_weekly", weekBucket(o, false));
                viewLayer(c, "rollups_monthly", "date_trunc('month', bucket AT TIME ZONE '" + o.rollupZone().getId() + "') AT TIME ZONE '"
                        + o.rollupZone().getId() + "'");
            }
            AnalystRole.grantReading(c, LAYERS);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The start of a daily bucket's week, in the rollups' zone, weeks starting on {@code o.weekStart()}. */
    static String weekBucket(StorageOptions o, boolean timescale) {
        String zone = o.rollupZone().getId();
        int shift = o.weekStart().getValue() - 1; // days after Monday
        if (timescale) {
            // Buckets aligned on a local midnight of the week's first day (2000-01-03 was a Monday).
            LocalDate origin = LocalDate.of(2000, 1, 3).plusDays(shift);
            return "time_bucket('1 week', bucket, '" + zone + "', origin => '" + origin.atStartOfDay(o.rollupZone()).toInstant() + "'::timestamptz)";
        }
        return "(date_trunc('week', (bucket AT TIME ZONE '" + zone + "') - interval '" + shift + " days') + interval '" + shift
                + " days') AT TIME ZONE '" + zone + "'";
    }

    /** The aggregate columns of a coarser layer over the daily rollups (the same as the rollups'). */
    private static String layerSelect(String bucketExpression) {
        return "SELECT camera_id, model_id, label, " + bucketExpression + " AS bucket,"
                + " sum(detections)::bigint AS detections, sum(frames)::bigint AS frames, max(max_concurrent) AS max_concurrent,"
                + " (sum(mean_confidence * detections) / nullif(sum(CASE WHEN mean_confidence IS NULL THEN 0 ELSE detections END), 0))::real"
                + " AS mean_confidence,"
                + " sum(episodes_started)::integer AS episodes_started, sum(time_in_view_s) AS time_in_view_s, max(updated_at) AS updated_at"
                + " FROM rollups_daily GROUP BY camera_id, model_id, label, " + bucketExpression;
    }

    private static void hypertable(Connection c, Hypertable h) throws SQLException {
        if (Sql.exists(c, "SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = ?", h.table())) return;
        long rows = Sql.number(c, "SELECT count(*) FROM " + h.table());
        if (rows > 0) LOG.info("converting {} ({} rows) to a hypertable; this copies its rows into chunks", h.table(), rows);
        try (PreparedStatement s = c.prepareStatement("SELECT create_hypertable(?::regclass, ?, chunk_time_interval => ?::interval,"
                + " if_not_exists => TRUE, migrate_data => TRUE)")) {
            s.setString(1, h.table());
            s.setString(2, h.timeColumn());
            s.setString(3, h.chunk().toDays() + " days");
            s.execute();
        }
        LOG.info("{} is a hypertable on {} (chunks of {} days)", h.table(), h.timeColumn(), h.chunk().toDays());
    }

    private static void compression(Connection c, String table, Duration after) throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = ? AND compression_enabled", table)) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + table + " SET (timescaledb.compress, timescaledb.compress_segmentby = 'camera_id')");
            }
        }
        policy(c, table, "policy_compression", "compress_after", after);
    }

    /** A retention or compression policy with the given interval: added, or replaced when its interval differs. */
    private static void policy(Connection c, String table, String proc, String key, Duration interval) throws SQLException {
        String want = interval.toDays() + " days";
        Integer job = null;
        boolean same = false;
        try (PreparedStatement s = c.prepareStatement("SELECT job_id, (config->>?)::interval = ?::interval FROM timescaledb_information.jobs"
                + " WHERE proc_name = ? AND hypertable_name = ?")) {
            s.setString(1, key);
            s.setString(2, want);
            s.setString(3, proc);
            s.setString(4, table);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    job = r.getInt(1);
                    same = r.getBoolean(2);
                }
            }
        }
        if (same) return;
        String kind = proc.equals("policy_retention") ? "retention" : "compression";
        try (Statement s = c.createStatement()) {
            if (job != null) s.execute("SELECT remove_" + kind + "_policy('" + table + "')");
            s.execute("SELECT add_" + kind + "_policy('" + table + "', INTERVAL '" + want + "')");
        }
        LOG.info("{} {} policy: {}{}", table, kind, want, job != null ? " (changed)" : "");
    }

    /**
     * A continuous aggregate over the daily rollups, recreated when the calendar it was made for changed.
     * Buckets younger than {@code recent} (the last week, the last month: their days still change) are
     * never materialized, so queries compute them from the daily rows; older ones are refreshed hourly,
     * so a change to an older day shows within the hour.
     */
    private static void continuousLayer(Connection c, String name, String bucket, String recent, StorageOptions o) throws SQLException {
        String made = "argus: " + calendar(o);
        if (made.equals(Sql.text(c, "SELECT obj_description(to_regclass(?), 'pg_class')", name))) return;
        try (Statement s = c.createStatement()) {
            if (Sql.exists(c, "SELECT 1 FROM timescaledb_information.continuous_aggregates WHERE view_name = ?", name)) {
                s.execute("DROP MATERIALIZED VIEW " + name + " CASCADE");
            } else {
                s.execute("DROP VIEW IF EXISTS " + name + " CASCADE");
            }
            s.execute("CREATE MATERIALIZED VIEW " + name + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS "
                    + layerSelect(bucket) + " WITH NO DATA");
            s.execute("COMMENT ON VIEW " + name + " IS '" + made + "'");
            s.execute("SELECT add_continuous_aggregate_policy('" + name + "', start_offset => NULL, end_offset => INTERVAL '" + recent + "',"
                    + " schedule_interval => INTERVAL '1 hour')");
            s.execute("CALL refresh_continuous_aggregate('" + name + "', NULL, now() - INTERVAL '" + recent + "')");
        }
        LOG.info("{}: a continuous aggregate over rollups_daily ({})", name, calendar(o));
    }

    private static void viewLayer(Connection c, String name, String bucket) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE VIEW " + name + " AS " + layerSelect(bucket));
        }
    }

    private static String calendar(StorageOptions o) {
        return "days in " + o.rollupZone().getId() + ", weeks from " + o.weekStart().name().toLowerCase(java.util.Locale.ROOT);
    }
}
