package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.job.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    @Test
    void upgradingADatabaseWithDataFromTheFirstVersionKeepsTheData() throws Exception {
        String db = stack.createDatabase("mig");
        org.flywaydb.core.Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword())
                .locations(SchemaMigrator.LOCATION).table(SchemaMigrator.HISTORY_TABLE).target("1").load().migrate();
        try (Connection c = stack.connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO ai_events (id, camera_id, model_id, ts, frame_id) VALUES (gen_random_uuid(), 'old', 'm:1', now(), 1)");
            assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM episodes")).hasMessageContaining("does not exist");
        }
        migrate(db);
        try (Connection c = stack.connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM ai_events WHERE camera_id = 'old'), (SELECT count(*) FROM episodes), "
                     + "(SELECT count(*) FROM rollups_daily), (SELECT count(*) FROM argus_schema_history WHERE success)")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1);
            assertThat(r.getInt(2)).isZero();
            assertThat(r.getInt(3)).isZero();
            assertThat(r.getInt(4)).isGreaterThanOrEqualTo(3);
        }
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
