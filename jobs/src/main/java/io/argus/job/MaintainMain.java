package io.argus.job;

import io.argus.storage.DatabaseBackend;
import io.argus.storage.RetentionRun;
import io.argus.storage.StorageOptions;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * {@code ./argus maintain}: layered retention now (raw rows, then hourly rollups; see
 * {@link RetentionRun}). For plain PostgreSQL, from cron; on TimescaleDB its policies do the same on
 * their own schedule, and this runs them now. args: URL USER PASSWORD [the job's storage options]
 */
public final class MaintainMain {
    private MaintainMain() {}

    public static void main(String[] args) throws Exception {
        try {
            String url = args[0], user = args[1], password = args[2];
            StorageOptions storage = ArgusJobConfig.storage(ArgusOptions.parse(java.util.Arrays.copyOfRange(args, 3, args.length)));
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                boolean timescale = io.argus.storage.TimescaleExtension.installed(c);
                DatabaseBackend backend = timescale ? DatabaseBackend.TIMESCALEDB : DatabaseBackend.POSTGRESQL;
                System.out.println("maintain: " + url + " on " + (timescale ? "TimescaleDB (running its retention policies now)" : "plain PostgreSQL"));
                RetentionRun.run(c, backend, storage, line -> System.out.println("maintain: " + line));
            }
        } catch (IllegalStateException | IllegalArgumentException | java.sql.SQLException e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(1);
        }
    }
}
