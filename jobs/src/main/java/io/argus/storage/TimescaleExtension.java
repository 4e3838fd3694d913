package io.argus.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether a database can run TimescaleDB and, where the extension is available but not yet
 * created, creates it (the extension is trusted: a database owner may). Never degrades in silence:
 * each outcome is logged in one line that says why and what to do, and where TimescaleDB is required
 * anything short of it is an error.
 */
public final class TimescaleExtension {
    private static final Logger LOG = LoggerFactory.getLogger(TimescaleExtension.class);
    private static final String REQUIRED_BY = "argus.storage.timescaledb=required (./argus migrate --require-timescaledb)";

    private TimescaleExtension() {}

    public static DatabaseBackend ensure(Connection c, TimescaleMode mode) throws SQLException {
        boolean required = mode == TimescaleMode.REQUIRED;
        String db = c.getCatalog();
        String installed = version(c);
        if (installed != null) {
            String problem = TimescaleVersion.problem(db, installed, available(c));
            if (problem != null) throw new IllegalStateException(problem);
            if (mode == TimescaleMode.OFF) {
                LOG.warn("database {}: argus.storage.timescaledb=off, but the TimescaleDB extension ({}) is already created there:"
                        + " its tables stay as they are", db, installed);
            } else {
                LOG.info("database {}: TimescaleDB {}", db, installed);
            }
            return DatabaseBackend.TIMESCALEDB;
        }
        if (mode == TimescaleMode.OFF) {
            LOG.info("database {}: plain PostgreSQL tables (argus.storage.timescaledb=off)", db);
            return DatabaseBackend.POSTGRESQL;
        }
        String available = available(c);
        if (available == null) {
            return plain(required, "database " + db + " is on plain PostgreSQL (" + Sql.text(c, "SHOW server_version")
                    + "): TimescaleDB is not installed on this server, so tables are plain (no hypertables, compression or"
                    + " retention policies; ./argus maintain applies the retention)");
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            LOG.info("database {}: created the TimescaleDB extension ({})", db, available);
            return DatabaseBackend.TIMESCALEDB;
        } catch (SQLException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            String fix = why.contains("preload")
                    ? "add shared_preload_libraries = 'timescaledb' to the server's postgresql.conf and restart it"
                    : "a superuser or the database owner can run: CREATE EXTENSION timescaledb; in database " + db;
            return plain(required, "database " + db + ": TimescaleDB " + available + " is installed on the server but the extension"
                    + " could not be created (" + why + "); " + fix + ". Tables stay plain until then");
        }
    }

    /** The TimescaleDB version created in the connection's database, or null where it is not (nothing is changed). */
    public static String version(Connection c) throws SQLException {
        return Sql.text(c, "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
    }

    /** The TimescaleDB version installed on the server (what CREATE EXTENSION would create), or null. */
    private static String available(Connection c) throws SQLException {
        return Sql.text(c, "SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'");
    }

    public static boolean installed(Connection c) throws SQLException {
        return version(c) != null;
    }

    private static DatabaseBackend plain(boolean required, String why) {
        if (required) throw new IllegalStateException("TimescaleDB is required by " + REQUIRED_BY + ", but " + why);
        LOG.warn(why);
        return DatabaseBackend.POSTGRESQL;
    }
}
