package io.argus.job;

import io.argus.storage.AnalystRole;
import io.argus.storage.DatabaseBackend;
import io.argus.storage.SchemaMigrator;
import io.argus.storage.StorageLayout;
import io.argus.storage.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./argus migrate}: applies the schema migrations to a database and says what it got.
 * args: URL USER PASSWORD [--require-timescaledb] [--analyst-password-file FILE] [the job's storage
 * and rollup options, e.g. --storage.raw-retention 30d --rollups.time-zone Europe/Paris]
 */
public final class MigrateMain {
    private MigrateMain() {}

    public static void main(String[] args) {
        try {
            String url = args[0], user = args[1], password = args[2];
            List<String> rest = new ArrayList<>();
            String analystPassword = null;
            for (int i = 3; i < args.length; i++) {
                switch (args[i]) {
                    case "--require-timescaledb" -> rest.addAll(List.of("--storage.timescaledb", "required"));
                    case "--analyst-password-file" -> {
                        if (i + 1 >= args.length) throw new IllegalArgumentException("--analyst-password-file needs a value");
                        Path f = Path.of(args[++i]);
                        if (!Files.isReadable(f)) throw new IllegalArgumentException("--analyst-password-file: cannot read " + f);
                        analystPassword = Files.readAllLines(f).stream().findFirst().orElse("").strip();
                    }
                    default -> rest.add(args[i]);
                }
            }
            StorageOptions storage = ArgusJobConfig.storage(ArgusOptions.parse(rest.toArray(String[]::new)));
            SchemaMigrator.Result r = SchemaMigrator.migrate(url, user, password, storage, analystPassword);
            System.out.println("migrate: " + url + " is at schema version " + r.version() + " on "
                    + (r.backend() == DatabaseBackend.TIMESCALEDB ? "TimescaleDB (hypertables: " + String.join(", ", StorageLayout.hypertableNames()) + ")"
                            : "plain PostgreSQL (no hypertables; run ./argus maintain for retention)"));
            System.out.println("migrate: weekly and monthly rollups in " + String.join(", ", StorageLayout.LAYERS) + " ("
                    + storage.rollupZone().getId() + ", weeks from " + storage.weekStart() + ")");
            if (!r.analystRole()) System.out.println("migrate: the read-only role " + AnalystRole.ROLE + " is missing: see the statements above");
        } catch (IllegalStateException | IllegalArgumentException | java.io.IOException e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(1);
        }
    }
}
