package io.argus.job;

import io.argus.cli.Flags;
import io.argus.storage.DatabaseBackend;
import io.argus.storage.RetentionRun;
import io.argus.storage.StorageOptions;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * {@code ./argus maintain}: layered retention now (raw rows, then hourly rollups; see
 * {@link RetentionRun}). For plain PostgreSQL, from cron; on TimescaleDB its policies do the same on
 * their own schedule, and this runs them now.
 */
public final class MaintainMain {
    public static final Flags FLAGS = JobFlags.databaseFlags("usage: ./argus maintain [flags] [storage options]", """
            Layered retention, now: raw ai_events and detections older than argus.storage.raw-retention (30 days),
            hourly rollups older than argus.storage.hourly-retention (365 days); daily, weekly and monthly rollups
            are kept. On plain PostgreSQL it deletes in batches: run it from cron, e.g. hourly
              17 * * * *  cd /path/to/argus && ./argus maintain --jdbc-url URL --jdbc-password-file FILE
            On TimescaleDB the same layers are retention policies that run on their own; this runs them now.""");

    private MaintainMain() {}

    public static void main(String[] args) {
        Flags.main(FLAGS, args, p -> {
            String url = p.required(Flags.JDBC_URL);
            StorageOptions storage = ArgusJobConfig.storage(ArgusOptions.parse(p.handedOn().toArray(String[]::new)));
            try (Connection c = DriverManager.getConnection(url, p.get(Flags.JDBC_USER, "argus"), p.jdbcPassword())) {
                boolean timescale = io.argus.storage.TimescaleExtension.installed(c);
                DatabaseBackend backend = timescale ? DatabaseBackend.TIMESCALEDB : DatabaseBackend.POSTGRESQL;
                System.out.println("maintain: " + url + " on " + (timescale ? "TimescaleDB (running its retention policies now)" : "plain PostgreSQL"));
                RetentionRun.run(c, backend, storage, line -> System.out.println("maintain: " + line));
            }
            return 0;
        });
    }
}
