package io.argus.job;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations in {@code sql/migrations} (packed into the job jar). Running it
 * twice is a no-op; a database whose schema is newer than this build is an error, not a silent pass.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    public static final String LOCATION = "classpath:db/migration/argus";
    public static final String HISTORY_TABLE = "argus_schema_history";

    private SchemaMigrator() {}

    /** @return the schema version after migrating, with the default retention (30 days) and compression (7 days) */
    public static String migrate(String url, String user, String password) {
        return migrate(url, user, password, 30, 7);
    }

    /**
     * @param rawRetentionDays TimescaleDB only: raw ai_events and detections older than this are dropped
     * @param compressAfterDays TimescaleDB only: raw rows older than this are compressed
     * @return the schema version after migrating
     */
    public static String migrate(String url, String user, String password, int rawRetentionDays, int compressAfterDays) {
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(url, user, password)
                .placeholders(java.util.Map.of("raw_retention_days", Integer.toString(rawRetentionDays),
                        "compress_after_days", Integer.toString(compressAfterDays)))
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
            throw new IllegalStateException("schema migration failed on " + url + ": " + msg, e);
        }
    }
}
