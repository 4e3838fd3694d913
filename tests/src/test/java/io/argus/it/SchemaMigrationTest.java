package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.storage.SchemaMigrator;
import io.argus.storage.StorageOptions;
import io.argus.storage.TimescaleMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations against a real PostgreSQL server. */
class SchemaMigrationTest {
    private static LocalStack stack;

    @BeforeAll
    static void stack() {
        stack = LocalStack.load();
    }

    private String migrate(String db) {
        return SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
    }

    @Test
    void migratingTwiceIsANoOp() throws Exception {
        String db = stack.createDatabase("mig");
        String v = migrate(db);
        assertThat(migrate(db)).isEqualTo(v);
        try (Connection c = stack.connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE success) FROM argus_schema_history")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(r.getInt(2)).isPositive();
        }
        for (String table : new String[] {"cameras", "models", "ai_events", "detections", "episodes", "actions", "rollups_hourly",
            "rollups_daily", "pipeline_health_hourly"}) {
            try (Connection c = stack.connect(db); Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM " + table).close();
            }
        }
    }

    /** The schema version this build migrates to: the newest file in sql/migrations. */
    private static final String LATEST = latest();

    private static String latest() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath()
                .getParent().resolve("sql/migrations"))) {
            return Integer.toString(files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** How a database at an earlier version was left by the build that migrated it. */
    enum Start {
        /** Plain tables on a server with TimescaleDB installed (earlier builds never created the extension): converted now. */
        PLAIN_ON_A_TIMESCALE_SERVER,
        /** Plain tables, migrated with argus.storage.timescaledb=off: they stay plain. */
        PLAIN_KEPT_PLAIN,
        /** The extension created by hand before the first migration, as the README once said to. */
        EXTENSION_CREATED_BY_HAND
    }

    /**
     * Rows in every table each version has, and the columns compared before and after: the upgrade
     * must keep every row as it was. Times within the last days (no retention applies to them).
     */
    private record Seed(int since, String table, String columns, String insert) {}

    private static final List<Seed> SEEDS = List.of(
            new Seed(1, "cameras", "id, name, status", "INSERT INTO cameras (id, name, status) VALUES ('old-a', 'A', 'online'), ('old-b', 'B', 'unknown')"),
            new Seed(1, "models", "id, name, version", "INSERT INTO models (id, name, version, artifact_uri) VALUES ('m:1', 'm', '1', 'file:/m.onnx')"),
            new Seed(1, "ai_events", "id, camera_id, ts, frame_id, confidence",
                    "INSERT INTO ai_events (id, camera_id, model_id, ts, frame_id, confidence) SELECT md5('f' || i)::uuid, 'old-a', 'm:1',"
                            + " date_trunc('minute', now()) - i * interval '37 minutes', i, i / 200.0 FROM generate_series(1, 150) i"),
            new Seed(2, "episodes", "id, camera_id, track_id, label, started_at, status, frames",
                    "INSERT INTO episodes (id, camera_id, model_id, track_id, label, started_at, ended_at, status, frames, peak_confidence,"
                            + " best_frame_id) VALUES (md5('e1')::uuid, 'old-a', 'm:1', 7, 'person', date_trunc('hour', now()) - interval '2 days',"
                            + " date_trunc('hour', now()) - interval '2 days' + interval '9 seconds', 'closed', 27, 0.8, 12)"),
            new Seed(2, "actions", "id, camera_id, ts, type, track_id, zone",
                    "INSERT INTO actions (id, camera_id, model_id, ts, type, track_id, label, zone) SELECT md5('a' || i)::uuid, 'old-a', 'm:1',"
                            + " date_trunc('hour', now()) - i * interval '5 hours', 'zone_enter', i, 'person', 'door' FROM generate_series(1, 20) i"),
            new Seed(3, "detections", "id, camera_id, ts, frame_id, label, confidence",
                    "INSERT INTO detections (id, camera_id, model_id, ts, frame_id, label, confidence, x, y, w, h) SELECT md5('d' || i)::uuid,"
                            + " 'old-a', 'm:1', date_trunc('minute', now()) - i * interval '37 minutes', i, 'person', 0.5, 0, 0, 0.1, 0.1"
                            + " FROM generate_series(1, 150) i"),
            new Seed(3, "rollups_hourly", "camera_id, label, bucket, detections",
                    "INSERT INTO rollups_hourly (camera_id, model_id, label, bucket, detections) SELECT 'old-a', 'm:1', 'person',"
                            + " date_trunc('hour', now()) - i * interval '1 hour', i FROM generate_series(1, 90) i"),
            new Seed(3, "rollups_daily", "camera_id, label, bucket, detections",
                    "INSERT INTO rollups_daily (camera_id, model_id, label, bucket, detections) SELECT 'old-a', 'm:1', 'person',"
                            + " date_trunc('day', now()) - i * interval '1 day', 10 * i FROM generate_series(1, 60) i"),
            new Seed(3, "pipeline_health_hourly", "camera_id, bucket, frames_processed",
                    "INSERT INTO pipeline_health_hourly (camera_id, bucket, frames_processed) SELECT 'old-a', date_trunc('hour', now())"
                            + " - i * interval '1 hour', 60 FROM generate_series(1, 90) i"),
            new Seed(5, "snapshots", "episode_id, camera_id, ts, uri",
                    "INSERT INTO snapshots (episode_id, camera_id, model_id, ts, frame_id, labels, confidence, x, y, w, h, uri, thumbnail_uri, bytes)"
                            + " VALUES (md5('e1')::uuid, 'old-a', 'm:1', date_trunc('hour', now()) - interval '2 days', 12, '{person}', 0.8,"
                            + " 0, 0, 0.1, 0.1, 'file:/s.jpg', 'file:/t.jpg', 100)"),
            new Seed(5, "clips", "episode_id, camera_id, start_ts, uri",
                    "INSERT INTO clips (episode_id, camera_id, model_id, start_ts, duration_ms, frames, labels, uri, codec, bytes)"
                            + " VALUES (md5('e1')::uuid, 'old-a', 'm:1', date_trunc('hour', now()) - interval '2 days', 9000, 27, '{person}',"
                            + " 'file:/c.mp4', 'libopenh264', 1000)"));

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> earlierVersions() {
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (int v = 1; v < Integer.parseInt(LATEST); v++)
            for (Start s : Start.values()) out.add(org.junit.jupiter.params.provider.Arguments.of(v, s));
        return out.stream();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "from version {0}, {1}")
    @org.junit.jupiter.params.provider.MethodSource("earlierVersions")
    void upgradingFromEachEarlierVersionKeepsEveryRowAndGivesTheLayout(int from, Start start) throws Exception {
        boolean timescaleServer = stack.backend().equals("timescaledb");
        org.junit.jupiter.api.Assumptions.assumeTrue(timescaleServer || start == Start.PLAIN_KEPT_PLAIN,
                "the test stack runs plain PostgreSQL: TimescaleDB is neither installed nor beside the checkout");
        String db = stack.createDatabase("up" + from);
        if (start == Start.EXTENSION_CREATED_BY_HAND) exec(db, "CREATE EXTENSION timescaledb");
        migrateTo(db, from);
        Map<String, String> before = new TreeMap<>();
        for (Seed seed : SEEDS) {
            if (seed.since() > from) continue;
            exec(db, seed.insert());
            before.put(seed.table(), fingerprint(db, seed));
        }
        StorageOptions options = StorageOptions.builder()
                .timescaledb(start == Start.PLAIN_KEPT_PLAIN ? TimescaleMode.OFF : TimescaleMode.REQUIRED).build();
        SchemaMigrator.Result r = SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword(), options, null);

        assertThat(r.version()).isEqualTo(LATEST);
        Map<String, String> after = new TreeMap<>();
        for (Seed seed : SEEDS) if (seed.since() <= from) after.put(seed.table(), fingerprint(db, seed));
        assertThat(after).as("every row as it was").isEqualTo(before);
        List<String> hypertables = stack.rows(db, start == Start.PLAIN_KEPT_PLAIN ? "SELECT 'none'"
                : "SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1", "|");
        if (start == Start.PLAIN_KEPT_PLAIN) {
            assertThat(r.backend()).isEqualTo(io.argus.storage.DatabaseBackend.POSTGRESQL);
            assertThat(stack.count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")).isZero();
        } else {
            assertThat(r.backend()).isEqualTo(io.argus.storage.DatabaseBackend.TIMESCALEDB);
            assertThat(hypertables).containsExactly("actions", "ai_events", "detections", "model_comparisons", "rollups_daily", "rollups_hourly");
        }
        // The layers above the daily rows, and the dashboards' views, read back what was there.
        long daily = stack.count(db, "SELECT coalesce(sum(detections), 0) FROM rollups_daily");
        if (start != Start.PLAIN_KEPT_PLAIN) exec(db, "CALL refresh_continuous_aggregate('rollups_weekly', NULL, NULL)",
                "CALL refresh_continuous_aggregate('rollups_monthly', NULL, NULL)");
        assertThat(stack.count(db, "SELECT coalesce(sum(detections), 0) FROM rollups_weekly")).isEqualTo(daily);
        assertThat(stack.count(db, "SELECT coalesce(sum(detections), 0) FROM rollups_monthly")).isEqualTo(daily);
        assertThat(stack.count(db, "SELECT count(*) FROM frames_hourly WHERE final")).isEqualTo(from >= 3 ? 90 : 0);
        assertThat(stack.count(db, "SELECT count(*) FROM detections_hourly WHERE final")).isEqualTo(from >= 3 ? 90 : 0);
    }

    /** The versioned migrations up to {@code version} and nothing else, as the builds before the storage layout left a database. */
    private static void migrateTo(String db, int version) {
        org.flywaydb.core.Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword())
                .placeholders(Map.of("raw_retention_days", "30", "compress_after_days", "7"))
                .locations(SchemaMigrator.LOCATION).table(SchemaMigrator.HISTORY_TABLE).target(Integer.toString(version)).load().migrate();
    }

    /** Count and digest of the seed's columns over the whole table. */
    private static String fingerprint(String db, Seed seed) throws Exception {
        return stack.rows(db, "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM (SELECT "
                + seed.columns() + " FROM " + seed.table() + ") x", "|").get(0);
    }

    private static void exec(String db, String... sql) throws Exception {
        try (Connection c = stack.connect(db); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    @Test
    void aUserWithoutThePrivilegeGetsWhatToDoAndTheDatabaseStaysAtItsVersion() throws Exception {
        String db = stack.createDatabase("mig");
        migrateTo(db, 5);
        // The analyst may create in the schema but owns no table: dropping an index (version 6) is refused.
        exec(db, "GRANT CREATE ON SCHEMA public TO " + stack.analystUser(), "GRANT INSERT, UPDATE ON argus_schema_history TO " + stack.analystUser());
        List<String> indexes = stack.rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1", "|");
        assertThatThrownBy(() -> SchemaMigrator.migrate(stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword(),
                StorageOptions.builder().timescaledb(TimescaleMode.OFF).build(), null))
                .hasMessageContaining("the database user " + stack.analystUser() + " lacks a privilege")
                .hasMessageContaining("as the database's owner");
        assertThat(stack.rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1", "|")).isEqualTo(indexes);
        assertThat(stack.count(db, "SELECT max(version::int) FROM argus_schema_history WHERE success")).isEqualTo(5);
    }

    @Test
    void analystReadsEverythingAndWritesNothing() throws Exception {
        String db = stack.createDatabase("mig");
        migrate(db);
        try (Connection c = stack.connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO cameras (id, name) VALUES ('cam-a', 'A')");
        }
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword());
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM cameras")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
            s.executeQuery("SELECT count(*) FROM ai_events").close();
            s.executeQuery("SELECT count(*) FROM models").close();
            for (String t : new String[] {"detections", "episodes", "actions", "rollups_hourly", "rollups_daily"}) {
                s.executeQuery("SELECT count(*) FROM " + t).close();
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO cameras (id) VALUES ('x')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("DELETE FROM ai_events")).hasMessageContaining("permission denied");
        }
    }

    @Test
    void aDatabaseAheadOfThisBuildIsAClearError() throws Exception {
        String db = stack.createDatabase("mig");
        migrate(db);
        try (Connection c = stack.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO argus_schema_history (installed_rank, version, description, type, script, checksum,
                      installed_by, execution_time, success)
                    VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'argus', 1, true)""");
        }
        assertThatThrownBy(() -> migrate(db)).hasMessageContaining("newer than this Argus build");
    }
}
