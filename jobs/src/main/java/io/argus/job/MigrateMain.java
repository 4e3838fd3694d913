package io.argus.job;

import io.argus.cli.Flags;
import io.argus.storage.AnalystRole;
import io.argus.storage.DatabaseBackend;
import io.argus.storage.SchemaMigrator;
import io.argus.storage.StorageLayout;
import io.argus.storage.StorageOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./argus migrate}: applies the schema migrations to a database and says what it got.
 */
public final class MigrateMain {
    public static final Flags FLAGS = JobFlags.databaseFlags("usage: ./argus migrate [flags] [storage options]", """
            Applies sql/migrations to the database, then what depends on the server: creates the TimescaleDB
            extension where it is installed (or says why it cannot), hypertables, compression and retention
            policies, weekly and monthly rollups (continuous aggregates on TimescaleDB, views on PostgreSQL),
            and the read-only role argus_analyst (created with the password in --analyst-password-file, else
            without login; where the user may not create roles, the statements a DBA must run are printed).
            Running it twice is a no-op.""")
            .flag("require-timescaledb", "fail unless the database runs TimescaleDB")
            .option("analyst-password-file", "FILE", "the password of argus_analyst, if it must be created here");

    private MigrateMain() {}

    public static void main(String[] args) {
        Flags.main(FLAGS, args, p -> {
            String url = p.required(Flags.JDBC_URL), user = p.get(Flags.JDBC_USER, "argus");
            List<String> rest = new ArrayList<>(p.handedOn());
            if (p.has("require-timescaledb")) rest.addAll(List.of("--storage.timescaledb", "required"));
            String analystPassword = p.has("analyst-password-file") ? p.secret("analyst-password-file", "ARGUS_ANALYST_PASSWORD") : null;
            StorageOptions storage = ArgusJobConfig.storage(ArgusOptions.parse(rest.toArray(String[]::new)));
            SchemaMigrator.Result r = SchemaMigrator.migrate(url, user, p.jdbcPassword(), storage, analystPassword);
            System.out.println("migrate: " + url + " is at schema version " + r.version() + " on "
                    + (r.backend() == DatabaseBackend.TIMESCALEDB ? "TimescaleDB (hypertables: " + String.join(", ", StorageLayout.hypertableNames()) + ")"
                            : "plain PostgreSQL (no hypertables; run ./argus maintain for retention)"));
            System.out.println("migrate: weekly and monthly rollups in " + String.join(", ", StorageLayout.LAYERS) + " ("
                    + storage.rollupZone().getId() + ", weeks from " + storage.weekStart() + ")");
            if (!r.analystRole()) System.out.println("migrate: the read-only role " + AnalystRole.ROLE + " is missing: see the statements above");
            return 0;
        });
    }
}
