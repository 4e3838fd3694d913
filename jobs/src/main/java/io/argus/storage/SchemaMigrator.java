package io.argus.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations in {@code sql/migrations} (packed into the job jar), then what
 * depends on the server and the options: TimescaleDB where it can be, the analyst role, hypertables,
 * policies and the weekly and monthly rollups. Running it twice is a no-op; a database whose schema
 * is newer than this build is an error, not a silent pass.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    public static final String LOCATION = "classpath:db/migration/argus";
    public static final String HISTORY_TABLE = "argus_schema_history";

    private SchemaMigrator() {}

    /** @return the schema version after migrating, with the default storage options */
    public static String migrate(String url, String user, String password) {
        return migrate(url, user, password, StorageOptions.defaults(), null).version();
    }

    /** What a migration run left: the schema version, the backend it found, whether the analyst role is there. */
    public record Result(String version, DatabaseBackend backend, boolean analystRole) {}

    /**
     * Creates the TimescaleDB extension where it is available (see {@link TimescaleExtension}), applies
     * the versioned migrations, the read-only analyst role and the layout the options ask for
     * ({@link StorageLayout}).
     * @param analystPassword the analyst role's password if it must be created here; null: created without login
     */
    public static Result migrate(String url, String user, String password, StorageOptions storage, String analystPassword) {
        DatabaseBackend backend;
        try (Connection c = connect(url, user, password)) {
            backend = TimescaleExtension.ensure(c, storage.timescaledb());
            if (backend == DatabaseBackend.TIMESCALEDB) StorageLayout.convertExisting(c);
        } catch (SQLException e) {
            throw failure(e.getSQLState() != null && e.getSQLState().startsWith("08") ? "cannot reach the database at " + url
                    : "TimescaleDB setup failed on " + url, user, e);
        }
        String version = flyway(url, user, password, storage);
        try (Connection c = connect(url, user, password)) {
            boolean analyst = AnalystRole.ensure(c, analystPassword);
            StorageLayout.apply(c, backend, storage);
            return new Result(version, backend, analyst);
        } catch (SQLException e) {
            throw failure("schema layout failed on " + url, user, e);
        }
    }

    /** SQLSTATE insufficient_privilege. */
    private static final String DENIED = "42501";

    /** The error, with what to do where the user lacks a privilege (the usual cause on a shared server). */
    static IllegalStateException failure(String what, String user, Exception e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException q && DENIED.equals(q.getSQLState())) {
                return new IllegalStateException(what + ": the database user " + user + " lacks a privilege (" + q.getMessage().strip()
                        + "). Run ./argus migrate as the database's owner (--jdbc-user), or have a DBA grant it, e.g."
                        + " GRANT CREATE ON SCHEMA public TO " + user + "; the statement that failed was rolled back with its migration", e);
            }
        }
        return new IllegalStateException(what + ": " + msg, e);
    }

    /**
     * A connection through the PostgreSQL driver loaded here: in a job jar submitted to a cluster the
     * driver is in the user-code class loader, where DriverManager's own discovery does not look.
     */
    private static Connection connect(String url, String user, String password) throws SQLException {
        try {
            Class.forName("org.postgresql.Driver", true, SchemaMigrator.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new SQLException("the PostgreSQL JDBC driver is not on the class path", e);
        }
        return DriverManager.getConnection(url, user, password);
    }

    private static String flyway(String url, String user, String password, StorageOptions storage) {
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(url, user, password)
                .placeholders(java.util.Map.of("raw_retention_days", Long.toString(storage.rawRetention().toDays()),
                        "compress_after_days", Long.toString(storage.compressAfter().toDays())))
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .ignoreMigrationPatterns("") // a migration we do not know (newer code ran here) fails validation
                .validateOnMigrate(true)
                .load();
        try {
            MigrateResult r = flyway.migrate();
            MigrationInfo current = flyway.info().current();
            String v = current == null ? "none" : current.getVersion().getVersion();
            LOG.info("schema at version {} ({} migrations applied now) in {}", v, r.migrationsExecuted, url);
            return v;
        } catch (FlywayException e) {
            String msg = e.getMessage();
            if (msg != null && msg.contains("not resolved locally")) {
                throw new IllegalStateException("the database at " + url + " has a schema newer than this Argus build ("
                        + msg.strip() + "); run a matching or newer Argus", e);
            }
            throw failure("schema migration failed on " + url, user, e);
        }
    }
}
