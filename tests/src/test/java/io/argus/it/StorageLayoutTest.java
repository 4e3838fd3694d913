package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.storage.DatabaseBackend;
import io.argus.storage.RetentionRun;
import io.argus.storage.SchemaMigrator;
import io.argus.storage.StorageOptions;
import io.argus.storage.TimescaleMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The storage layout on both backends of the test server: TimescaleDB (a database with the extension,
 * as ./argus test's stack runs it) and plain PostgreSQL (a database migrated with
 * argus.storage.timescaledb=off: no extension, plain tables). Weekly and monthly rollups are checked
 * against a SQL recount from the daily rows; retention and compression are run, not just configured.
 */
class StorageLayoutTest {
    private static final LocalStack STACK = LocalStack.load();

    private static String migrated(String prefix, StorageOptions o) throws Exception {
        String db = STACK.createDatabase(prefix);
        SchemaMigrator.Result r = SchemaMigrator.migrate(STACK.jdbcUrl(db), STACK.jdbcUser(), STACK.jdbcPassword(), o, null);
        assertThat(r.version()).isEqualTo("10");
        return db;
    }

    private static void requireTimescale() {
        Assumptions.assumeTrue(STACK.backend().equals("timescaledb"),
                "the test stack runs plain PostgreSQL: TimescaleDB is neither installed nor beside the checkout (../shared/timescaledb)");
    }

    private static List<String> rows(String db, String sql) throws Exception {
        return STACK.rows(db, sql, "|");
    }

    private static void exec(String db, String... sql) throws Exception {
        try (Connection c = STACK.connect(db); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    /** Daily rollups over nine weeks for two cameras and two labels, some without a mean confidence. */
    private static void dailyRows(String db, ZoneId zone) throws Exception {
        exec(db, "INSERT INTO rollups_daily (camera_id, model_id, label, bucket, detections, frames, max_concurrent, mean_confidence,"
                + " episodes_started, time_in_view_s)"
                + " SELECT 'cam-' || c, 'm:1', l, (date '2026-08-30' + d)::timestamp AT TIME ZONE '" + zone.getId() + "', 10 * d + c, 5 * d + c, (d % 7) + c,"
                + " CASE WHEN d % 5 = 0 THEN NULL ELSE 0.4 + (d % 10) / 20.0 END, d % 3, 12.5 * d"
                + " FROM generate_series(0, 62) d, generate_series(1, 2) c, unnest(ARRAY['person', 'car']) l");
    }

    /** What a weekly or monthly row must hold, recounted from the daily rows in SQL. */
    private static String recount(ZoneId zone, String bucketExpression) {
        return "SELECT camera_id, label, " + bucketExpression + " AS b, sum(detections), sum(frames), max(max_concurrent),"
                + " round((sum(mean_confidence * detections) / nullif(sum(CASE WHEN mean_confidence IS NULL THEN 0 ELSE detections END), 0))::numeric, 3),"
                + " sum(episodes_started), sum(time_in_view_s)"
                + " FROM rollups_daily GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
    }

    private static String layer(String name) {
        return "SELECT camera_id, label, bucket, detections, frames, max_concurrent, round(mean_confidence::numeric, 3), episodes_started, time_in_view_s"
                + " FROM " + name + " ORDER BY 1, 2, 3";
    }

    private static void weeklyAndMonthlyEqualTheRecount(String db, ZoneId zone, DayOfWeek weekStart) throws Exception {
        int shift = weekStart.getValue() - 1;
        String z = zone.getId();
        List<String> weekly = rows(db, layer("rollups_weekly"));
        // 63 days from Sunday 2026-08-30: 9 weeks that start on Sundays, 10 that start on Mondays.
        assertThat(weekly).hasSize(2 * 2 * (weekStart == DayOfWeek.SUNDAY ? 9 : 10));
        assertThat(weekly).isEqualTo(rows(db, recount(zone, "((date_trunc('week', (bucket AT TIME ZONE '" + z + "') - interval '" + shift
                + " days') + interval '" + shift + " days') AT TIME ZONE '" + z + "')")));
        // Every week starts on the day asked, at midnight in the rollups' zone.
        assertThat(rows(db, "SELECT DISTINCT extract(isodow FROM bucket AT TIME ZONE '" + z + "'), (bucket AT TIME ZONE '" + z + "')::time FROM rollups_weekly"))
                .containsExactly(weekStart.getValue() + "|00:00:00");
        List<String> monthly = rows(db, layer("rollups_monthly"));
        assertThat(monthly).hasSize(2 * 2 * 3); // 2026-08-30 .. 2026-10-31
        assertThat(monthly).isEqualTo(rows(db, recount(zone, "date_trunc('month', bucket AT TIME ZONE '" + z + "') AT TIME ZONE '" + z + "'")));
    }

    @Test
    void plainPostgresqlHasTheSameLayersAsViewsAndDeletesByRetention() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Paris");
        String db = migrated("plain", StorageOptions.builder().timescaledb(TimescaleMode.OFF).rollupZone(zone).build());
        assertThat(STACK.count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")).isZero();
        assertThat(rows(db, "SELECT table_name, table_type FROM information_schema.tables WHERE table_name LIKE 'rollups_%' ORDER BY 1"))
                .containsExactly("rollups_daily|BASE TABLE", "rollups_hourly|BASE TABLE", "rollups_monthly|VIEW", "rollups_weekly|VIEW");
        dailyRows(db, zone);
        weeklyAndMonthlyEqualTheRecount(db, zone, DayOfWeek.MONDAY);
        // The analyst reads the layers.
        try (Connection c = java.sql.DriverManager.getConnection(STACK.jdbcUrl(db), STACK.analystUser(), STACK.analystPassword());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM rollups_weekly")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(40);
        }

        // Retention by layer: raw rows after 30 days, hourly rollups after a year; daily rollups stay.
        // Ages half a day off whole days, so that no row sits on a boundary: d days back + 12 h.
        exec(db, "INSERT INTO ai_events (id, camera_id, model_id, ts, frame_id) SELECT gen_random_uuid(), 'cam-1', 'm:1',"
                        + " now() - d * interval '1 day' + interval '12 hours', d FROM generate_series(0, 59) d",
                "INSERT INTO detections (id, camera_id, model_id, ts, frame_id, label, confidence, x, y, w, h) SELECT gen_random_uuid(), 'cam-1', 'm:1',"
                        + " now() - d * interval '1 day' + interval '12 hours', d, 'person', 0.5, 0, 0, 0.1, 0.1 FROM generate_series(0, 59) d",
                "INSERT INTO rollups_hourly (camera_id, model_id, label, bucket) SELECT 'cam-1', 'm:1', 'person',"
                        + " date_trunc('hour', now()) - d * interval '1 day' + interval '12 hours' FROM generate_series(0, 399) d");
        List<String> said = new ArrayList<>();
        try (Connection c = STACK.connect(db)) {
            var deleted = RetentionRun.run(c, DatabaseBackend.POSTGRESQL, StorageOptions.defaults(), said::add);
            assertThat(deleted).containsEntry("ai_events", 29L).containsEntry("detections", 29L).containsEntry("rollups_hourly", 34L);
        }
        assertThat(said).anySatisfy(l -> assertThat(l).isEqualTo("detections: 29 rows older than 30 days deleted"));
        assertThat(STACK.count(db, "SELECT count(*) FROM ai_events")).isEqualTo(31);
        assertThat(STACK.count(db, "SELECT count(*) FROM rollups_hourly")).isEqualTo(366);
        assertThat(STACK.count(db, "SELECT count(*) FROM rollups_daily")).isEqualTo(2 * 2 * 63);
    }

    @Test
    void timescaleHypertablesPoliciesAndContinuousAggregates() throws Exception {
        requireTimescale();
        String db = migrated("tsdb", StorageOptions.defaults());
        assertThat(rows(db, "SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables ORDER BY 1"))
                .containsExactly("actions|t", "ai_events|t", "detections|t", "model_comparisons|f", "rollups_daily|f", "rollups_hourly|f");
        assertThat(rows(db, "SELECT hypertable_name, time_interval FROM timescaledb_information.dimensions WHERE hypertable_name LIKE 'rollups_%' ORDER BY 1"))
                .containsExactly("rollups_daily|365 days", "rollups_hourly|30 days");
        assertThat(rows(db, "SELECT hypertable_name, proc_name, coalesce(config->>'drop_after', config->>'compress_after')"
                + " FROM timescaledb_information.jobs WHERE proc_name IN ('policy_retention', 'policy_compression') ORDER BY 1, 2"))
                .containsExactly("actions|policy_compression|7 days", "ai_events|policy_compression|7 days", "ai_events|policy_retention|30 days",
                        "detections|policy_compression|7 days", "detections|policy_retention|30 days", "model_comparisons|policy_retention|30 days",
                        "rollups_hourly|policy_retention|365 days");
        assertThat(rows(db, "SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates ORDER BY 1"))
                .containsExactly("rollups_monthly|f", "rollups_weekly|f");

        // Weekly and monthly equal the recount, before a refresh (real time) and after one.
        dailyRows(db, ZoneId.of("UTC"));
        weeklyAndMonthlyEqualTheRecount(db, ZoneId.of("UTC"), DayOfWeek.MONDAY);
        // A late frame rewrote a day of a materialized week: the hourly refresh jobs (run here now) bring it in.
        exec(db, "UPDATE rollups_daily SET detections = detections + 1000 WHERE bucket = '2026-09-15'");
        for (String layer : List.of("rollups_weekly", "rollups_monthly")) {
            exec(db, "CALL run_job(" + STACK.count(db, "SELECT job_id FROM timescaledb_information.jobs"
                    + " WHERE proc_name = 'policy_refresh_continuous_aggregate' AND hypertable_name = '" + layer + "'") + ")");
        }
        weeklyAndMonthlyEqualTheRecount(db, ZoneId.of("UTC"), DayOfWeek.MONDAY);
        // Days of the last week are computed at query time: today's rows count at once, no refresh needed.
        exec(db, "INSERT INTO rollups_daily (camera_id, model_id, label, bucket, detections) VALUES ('cam-1', 'm:1', 'person', date_trunc('day', now()), 5)");
        assertThat(STACK.count(db, "SELECT sum(detections) FROM rollups_weekly WHERE bucket > now() - interval '8 days'")).isEqualTo(5);

        // A typical dashboard query over the last day reads only the chunks that can hold it.
        // 26 days of rows, and six more 40-45 days old (for the retention below).
        exec(db, "INSERT INTO detections (id, camera_id, model_id, ts, frame_id, label, confidence, x, y, w, h)"
                + " SELECT gen_random_uuid(), 'cam-1', 'm:1', now() - d * interval '1 day', d, 'person', 0.5, 0, 0, 0.1, 0.1"
                + " FROM generate_series(0, 25) d UNION ALL SELECT gen_random_uuid(), 'cam-1', 'm:1', now() - d * interval '1 day', d, 'person', 0.5, 0, 0, 0.1, 0.1"
                + " FROM generate_series(40, 45) d",
                "ANALYZE detections");
        long chunks = STACK.count(db, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'detections'");
        assertThat(chunks).isGreaterThanOrEqualTo(4);
        String plan = String.join("\n", rows(db, "EXPLAIN SELECT label, count(*) FROM detections WHERE ts > now() - interval '1 day' GROUP BY label"));
        long scanned = plan.lines().filter(l -> l.contains("_hyper_")).count();
        assertThat(scanned).as("chunks in the plan of a one-day query, of %d:%n%s", chunks, plan).isLessThanOrEqualTo(2);

        // Compression runs, rows read back the same, and an upsert into a compressed chunk works.
        List<String> before = rows(db, "SELECT frame_id, track_id, label FROM detections ORDER BY frame_id");
        int compressJob = (int) STACK.count(db, "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_name = 'detections'");
        exec(db, "CALL run_job(" + compressJob + ")");
        assertThat(STACK.count(db, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'detections' AND is_compressed")).isPositive();
        assertThat(rows(db, "SELECT frame_id, track_id, label FROM detections ORDER BY frame_id")).isEqualTo(before);
        exec(db, "INSERT INTO detections (id, camera_id, model_id, ts, frame_id, label, confidence, x, y, w, h, track_id)"
                + " SELECT id, camera_id, model_id, ts, frame_id, label, confidence, x, y, w, h, 77 FROM detections WHERE frame_id = 20"
                + " ON CONFLICT (id, ts) DO UPDATE SET track_id = EXCLUDED.track_id");
        assertThat(rows(db, "SELECT count(*), min(track_id) FROM detections WHERE frame_id = 20")).containsExactly("1|77");

        // Retention runs: raw rows past 30 days go with their chunks; rollups stay.
        try (Connection c = STACK.connect(db)) {
            var dropped = RetentionRun.run(c, DatabaseBackend.TIMESCALEDB, StorageOptions.defaults(), l -> {});
            assertThat(dropped.get("detections")).isPositive();
        }
        assertThat(STACK.count(db, "SELECT count(*) FROM detections WHERE ts < now() - interval '31 days'")).isZero();
        assertThat(STACK.count(db, "SELECT count(*) FROM detections")).isEqualTo(26);
        assertThat(STACK.count(db, "SELECT count(*) FROM rollups_daily")).isEqualTo(2 * 2 * 63 + 1);
    }

    @Test
    void changedOptionsChangeThePoliciesAndTheCalendarOnTheNextMigration() throws Exception {
        requireTimescale();
        String db = migrated("tsdb_change", StorageOptions.defaults());
        dailyRows(db, ZoneId.of("America/New_York"));
        StorageOptions changed = StorageOptions.builder().rawRetention(Duration.ofDays(14)).rollupZone(ZoneId.of("America/New_York"))
                .weekStart(DayOfWeek.SUNDAY).build();
        SchemaMigrator.migrate(STACK.jdbcUrl(db), STACK.jdbcUser(), STACK.jdbcPassword(), changed, null);
        assertThat(rows(db, "SELECT config->>'drop_after' FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
                + " AND hypertable_name = 'detections'")).containsExactly("14 days");
        weeklyAndMonthlyEqualTheRecount(db, ZoneId.of("America/New_York"), DayOfWeek.SUNDAY);
        // Once more with the same options: nothing to change, the same answers.
        SchemaMigrator.migrate(STACK.jdbcUrl(db), STACK.jdbcUser(), STACK.jdbcPassword(), changed, null);
        weeklyAndMonthlyEqualTheRecount(db, ZoneId.of("America/New_York"), DayOfWeek.SUNDAY);
    }

    @Test
    void detectionsAndFramesPerHourTakeClosedHoursFromRollupsAndOpenOnesFromRawRowsOnBothBackends() throws Exception {
        for (TimescaleMode mode : List.of(TimescaleMode.AUTO, TimescaleMode.OFF)) {
            String db = migrated("hourly_" + mode.name().toLowerCase(), StorageOptions.builder().timescaledb(mode).build());
            // Raw rows: 3 in the hour before this one (closed: its rollup says 3), 2 in this hour (open: no rollup yet),
            // and a second camera whose previous hour is not closed yet either (1 row).
            exec(db, "INSERT INTO detections (id, camera_id, model_id, ts, frame_id, label, confidence, x, y, w, h)"
                            + " SELECT gen_random_uuid(), cam, 'm:1', t, 1, 'person', 0.5, 0, 0, 0.1, 0.1 FROM (VALUES"
                            + " ('a', date_trunc('hour', now()) - interval '50 minutes'), ('a', date_trunc('hour', now()) - interval '40 minutes'),"
                            + " ('a', date_trunc('hour', now()) - interval '30 minutes'), ('a', date_trunc('hour', now()) + interval '1 second'),"
                            + " ('a', date_trunc('hour', now()) + interval '2 seconds'), ('b', date_trunc('hour', now()) - interval '10 minutes')) v(cam, t)",
                    "INSERT INTO rollups_hourly (camera_id, model_id, label, bucket, detections) VALUES"
                            + " ('a', 'm:1', 'person', date_trunc('hour', now()) - interval '1 hour', 3)");
            assertThat(rows(db, "SELECT camera_id, bucket = date_trunc('hour', now()), detections, final FROM detections_hourly ORDER BY 1, 2"))
                    .as(mode.name()).containsExactly("a|f|3|t", "a|t|2|f", "b|f|1|f");
            // Frames the same way: the closed hour from its health row (which says 4: one frame had no detection), the rest raw.
            exec(db, "INSERT INTO ai_events (id, camera_id, model_id, ts, frame_id) SELECT gen_random_uuid(), camera_id, model_id, ts, 1"
                            + " FROM detections",
                    "INSERT INTO pipeline_health_hourly (camera_id, bucket, frames_processed) VALUES"
                            + " ('a', date_trunc('hour', now()) - interval '1 hour', 4)");
            assertThat(rows(db, "SELECT camera_id, bucket = date_trunc('hour', now()), frames, final FROM frames_hourly ORDER BY 1, 2"))
                    .as(mode.name()).containsExactly("a|f|4|t", "a|t|2|f", "b|f|1|f");
        }
    }

    @Test
    void aPlainDatabaseThatMustBeTimescaleIsAClearError() throws Exception {
        String db = STACK.createDatabase("required");
        if (STACK.backend().equals("timescaledb")) {
            // Where the server has TimescaleDB, requiring it creates the extension.
            SchemaMigrator.Result r = SchemaMigrator.migrate(STACK.jdbcUrl(db), STACK.jdbcUser(), STACK.jdbcPassword(),
                    StorageOptions.builder().timescaledb(TimescaleMode.REQUIRED).build(), null);
            assertThat(r.backend()).isEqualTo(DatabaseBackend.TIMESCALEDB);
        } else {
            assertThatThrownBy(() -> SchemaMigrator.migrate(STACK.jdbcUrl(db), STACK.jdbcUser(), STACK.jdbcPassword(),
                    StorageOptions.builder().timescaledb(TimescaleMode.REQUIRED).build(), null))
                    .hasMessageContaining("TimescaleDB is required by argus.storage.timescaledb=required")
                    .hasMessageContaining("not installed on this server");
            assertThat(STACK.count(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).isZero();
        }
    }
}
