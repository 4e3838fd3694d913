package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.grafana.GrafanaMacros;
import io.argus.storage.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyst's starter kit (sql/queries), run as the read-only analyst on hand-made rows with known
 * answers, on both backends: a database as the stack's server gives it (TimescaleDB where it runs it)
 * and one with plain tables (argus.storage.timescaledb=off). Both must give the same answers.
 */
class AnalystQueriesTest {
    private static LocalStack stack;
    private static List<String> databases;
    /** "Now" for the cameras' last_seen_at, the same instant in both databases. */
    private static final String SEEN = "'" + java.time.Instant.now() + "'::timestamptz";

    @BeforeAll
    static void data() throws Exception {
        stack = LocalStack.load();
        String usual = stack.createDatabase("queries");
        SchemaMigrator.migrate(stack.jdbcUrl(usual), stack.jdbcUser(), stack.jdbcPassword());
        String plain = stack.createDatabase("queries_plain");
        SchemaMigrator.migrate(stack.jdbcUrl(plain), stack.jdbcUser(), stack.jdbcPassword(),
                io.argus.storage.StorageOptions.builder().timescaledb(io.argus.storage.TimescaleMode.OFF).build(), null);
        databases = List.of(usual, plain);
        for (String db : databases) rows(db);
    }

    private static void rows(String db) throws Exception {
        try (Connection c = stack.connect(db); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO rollups_hourly (camera_id, model_id, label, bucket, detections, episodes_started) VALUES
                      ('lobby', 'm:1', 'person', '2026-01-31 10:00+00', 50, 5), ('lobby', 'm:1', 'car', '2026-01-31 10:00+00', 10, 1),
                      ('lobby', 'm:1', 'person', '2026-01-31 11:00+00', 70, 7), ('yard', 'm:1', 'person', '2026-01-31 10:00+00', 3, 1)""");
            s.execute("""
                    INSERT INTO episodes (id, camera_id, model_id, track_id, label, started_at, ended_at, status, frames,
                                          peak_confidence, best_frame_id) VALUES
                      (gen_random_uuid(), 'lobby', 'm:1', 1, 'person', '2026-01-31 10:00:00+00', '2026-01-31 10:00:10+00', 'closed', 10, 0.9, 1),
                      (gen_random_uuid(), 'lobby', 'm:1', 2, 'person', '2026-01-31 10:05:00+00', '2026-01-31 10:05:30+00', 'closed', 30, 0.8, 2),
                      (gen_random_uuid(), 'yard', 'm:1', 3, 'dog', '2026-02-01 09:00:00+00', '2026-02-01 09:00:05+00', 'closed', 5, 0.7, 3)""");
            s.execute("""
                    INSERT INTO actions (id, camera_id, model_id, ts, type, track_id, label, zone) VALUES
                      (gen_random_uuid(), 'lobby', 'm:1', '2026-01-31 10:00:00+00', 'zone_enter', 1, 'person', 'door'),
                      (gen_random_uuid(), 'lobby', 'm:1', '2026-01-31 10:00:20+00', 'zone_exit', 1, 'person', 'door'),
                      (gen_random_uuid(), 'lobby', 'm:1', '2026-01-31 10:01:00+00', 'zone_enter', 2, 'person', 'door'),
                      (gen_random_uuid(), 'lobby', 'm:1', '2026-01-31 10:01:40+00', 'zone_exit', 2, 'person', 'door'),
                      (gen_random_uuid(), 'lobby', 'm:1', '2026-01-31 10:02:00+00', 'zone_enter', 3, 'person', 'door')""");
            // Raw rows for the panels that read them: a frame every 20 s and a detection in each from 10:00 to 11:59.
            s.execute("""
                    INSERT INTO ai_events (id, camera_id, model_id, ts, frame_id, confidence)
                    SELECT md5('f' || i)::uuid, 'lobby', 'm:1', '2026-01-31 10:00+00'::timestamptz + i * interval '20 seconds', i, 0.6
                    FROM generate_series(0, 359) i""");
            s.execute("""
                    INSERT INTO detections (id, camera_id, model_id, ts, frame_id, track_id, label, confidence, x, y, w, h)
                    SELECT md5('d' || i)::uuid, 'lobby', 'm:1', '2026-01-31 10:00+00'::timestamptz + i * interval '20 seconds', i,
                           1 + i / 30, CASE WHEN i % 6 = 0 THEN 'car' ELSE 'person' END, 0.6, 0.1, 0.1, 0.2, 0.4
                    FROM generate_series(0, 359) i""");
            s.execute("""
                    INSERT INTO pipeline_health_hourly (camera_id, bucket, frames_processed, frames_skipped, inference_p50_ms, inference_p95_ms)
                    VALUES ('lobby', '2026-01-31 10:00+00', 180, 2, 40, 75), ('lobby', '2026-01-31 11:00+00', 180, 0, 45, 80)""");
            s.execute("""
                    INSERT INTO cameras (id, name, status, last_seen_at) VALUES
                      ('lobby', 'Lobby', 'online', %1$s), ('yard', 'Yard', 'offline', %1$s - interval '1 hour'),
                      ('attic', 'Attic', 'unknown', NULL)""".formatted(SEEN));
        }
    }

    /** The query's rows (first four columns), the same on both databases. */
    private static List<String> run(String file) throws Exception {
        List<String> first = run(file, databases.get(0));
        assertThat(run(file, databases.get(1))).as("%s on plain tables", file).isEqualTo(first);
        return first;
    }

    private static List<String> run(String file, String db) throws Exception {
        Path root = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();
        String sql = Files.readString(root.resolve("sql/queries").resolve(file));
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= Math.min(n, 4); i++) b.append(i > 1 ? " | " : "").append(r.getString(i));
                out.add(b.toString());
            }
        }
        return out;
    }

    /**
     * Every SQL panel of the Grafana dashboards (macros expanded as Grafana does, with its TimescaleDB
     * switch where the database has the extension) gives the same rows on both backends.
     */
    @Test
    void everyDashboardPanelGivesTheSameRowsOnBothBackends() throws Exception {
        Path root = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();
        int panels = 0, withRows = 0;
        for (String file : List.of("overview.json", "camera.json", "pipeline-health.json")) {
            JsonNode dash = new ObjectMapper().readTree(root.resolve("grafana/dashboards").resolve(file).toFile());
            for (JsonNode p : dash.get("panels")) {
                for (JsonNode t : p.path("targets")) {
                    if (!t.has("rawSql")) continue;
                    List<List<String>> first = null;
                    for (String db : databases) {
                        boolean timescale = stack.count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") > 0;
                        GrafanaMacros g = new GrafanaMacros(java.time.Instant.parse("2026-01-31T00:00:00Z"),
                                java.time.Instant.parse("2026-02-02T00:00:00Z"), timescale, Map.of("camera", "lobby"), java.time.Duration.ofMinutes(1));
                        List<List<String>> got = all(db, g.expand(t.get("rawSql").asText()));
                        if (first == null) first = got;
                        else assertThat(got).as("%s / %s on plain tables", file, p.get("title").asText()).isEqualTo(first);
                    }
                    panels++;
                    if (!first.isEmpty()) withRows++;
                }
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(15);
        assertThat(withRows).as("panels with rows to compare").isGreaterThanOrEqualTo(12);
    }

    /** Every row and column, as text; times as epoch seconds. */
    private static List<List<String>> all(String db, String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(db), stack.analystUser(), stack.analystPassword());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    // Grafana groups time with time_bucket (a timestamp) on TimescaleDB, else as epoch seconds: both plot the same.
                    Object o = r.getObject(i);
                    row.add(o instanceof java.sql.Timestamp ts ? Long.toString(ts.toInstant().getEpochSecond()) : r.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void busiestHoursPerCamera() throws Exception {
        assertThat(run("busiest_hours_per_camera.sql")).containsExactly(
                "lobby | 2026-01-31 11:00:00+00 | 70 | 7",
                "lobby | 2026-01-31 10:00:00+00 | 60 | 6",
                "yard | 2026-01-31 10:00:00+00 | 3 | 1");
    }

    @Test
    void episodesPerDayByLabel() throws Exception {
        assertThat(run("episodes_per_day_by_label.sql")).containsExactly(
                "2026-02-01 00:00:00 | dog | 1 | 5.0",
                "2026-01-31 00:00:00 | person | 2 | 20.0");
    }

    @Test
    void meanDwellPerZone() throws Exception {
        // Track 1: 20 s, track 2: 40 s; track 3 has not left yet and does not count.
        assertThat(run("mean_dwell_per_zone.sql")).containsExactly("lobby | door | 2 | 30.0");
    }

    @Test
    void silentCameras() throws Exception {
        assertThat(run("silent_cameras.sql")).extracting(r -> r.split(" \\| ")[0]).containsExactly("attic", "yard");
    }
}
