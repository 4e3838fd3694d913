package io.argus.bench;

import io.argus.storage.SchemaMigrator;
import io.argus.storage.TimescaleExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Detections per hour by label over 30 days" on 30 simulated days, three ways (raw rows, the hourly
 * rollups, the detections_hourly view the dashboards read), on a TimescaleDB database (hypertables,
 * chunk exclusion) and on a plain one, same server, same rows. Each query's time is the median of
 * interleaved rounds, after one warm-up round.
 * args: JDBC URL, user, password, [--cameras C] [--seconds-between S] [--append FILE]
 */
public final class StorageBench {
    private StorageBench() {}

    private static final String RAW = """
            SELECT date_trunc('hour', ts) AS hour, label, count(*) FROM detections
            WHERE ts > now() - interval '30 days' GROUP BY 1, 2 ORDER BY 1, 2""";
    private static final String ROLLUPS = """
            SELECT bucket, label, sum(detections) FROM rollups_hourly
            WHERE bucket > now() - interval '30 days' GROUP BY 1, 2 ORDER BY 1, 2""";
    private static final String VIEW = """
            SELECT bucket, label, sum(detections) FROM detections_hourly
            WHERE bucket > now() - interval '30 days' GROUP BY 1, 2 ORDER BY 1, 2""";

    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], password = args[2];
        int cameras = 4, every = 10;
        Path append = null;
        for (int i = 3; i < args.length; i += 2) {
            switch (args[i]) {
                case "--cameras" -> cameras = Integer.parseInt(args[i + 1]);
                case "--seconds-between" -> every = Integer.parseInt(args[i + 1]);
                case "--append" -> append = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--cameras, --seconds-between, --append)");
            }
        }
        SchemaMigrator.migrate(url, user, password);
        BenchDatabase main = new BenchDatabase(url, user, password);
        Map<String, BenchDatabase> dbs = new LinkedHashMap<>();
        try (Connection c = main.connect()) {
            if (TimescaleExtension.installed(c)) dbs.put("TimescaleDB hypertables", main);
        }
        SinkBench.Plain plain = SinkBench.plainTwin(url, user, password, main);
        dbs.put("plain tables", plain.db());
        long rows = 0;
        for (var e : dbs.entrySet()) {
            long t0 = System.nanoTime();
            rows = load(e.getValue(), cameras, every);
            System.out.printf(Locale.ROOT, "%s: %d detections over 30 days loaded in %.1f s%n", e.getKey(), rows, (System.nanoTime() - t0) / 1e9);
        }
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        for (int round = 0; round < 4; round++) { // the first round warms caches and is not counted
            for (var e : dbs.entrySet()) {
                for (var q : Map.of("raw detections", RAW, "rollups_hourly", ROLLUPS, "detections_hourly (the dashboards' view)", VIEW).entrySet()) {
                    double t = time(e.getValue(), q.getValue());
                    if (round > 0) ms.computeIfAbsent(e.getKey() + " | " + q.getKey(), k -> new ArrayList<>()).add(t);
                }
            }
        }
        StringBuilder table = new StringBuilder("| database | query source | ms (median of 3) |\n|---|---|---|\n");
        ms.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> table.append(String.format(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), InferenceBench.median(e.getValue()))));
        System.out.print(table);
        if (append != null) {
            Files.writeString(append, "\n## Storage: detections per hour by label over 30 days, raw vs rollups (" + Instant.now() + ")\n\nCommand: `./argus bench storage --cameras "
                    + cameras + " --seconds-between " + every + "` (" + rows + " detections over 30 simulated days, their hourly rollups computed"
                    + " from them; local PostgreSQL 15.18, TimescaleDB 2.24.0 where named)  \nMachine: " + Machine.describe() + "\n\n" + table,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** 30 days of detections (one person and one car per camera every {@code every} seconds) and their hourly rollups. */
    static long load(BenchDatabase db, int cameras, int every) throws Exception {
        db.truncate("detections, rollups_hourly");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO detections (id, camera_id, model_id, ts, frame_id, label, confidence, x, y, w, h)"
                    + " SELECT gen_random_uuid(), 'cam-' || c, 'm:1', now() - interval '30 days' + f * interval '" + every + " seconds', f, l, 0.5, 0.1, 0.1, 0.2, 0.3"
                    + " FROM generate_series(0, " + (30 * 86400 / every - 1) + ") f, generate_series(1, " + cameras + ") c, unnest(ARRAY['person', 'car']) l"
                    + " ORDER BY f"); // in capture order, as a job writes them (what a BRIN index relies on)
            s.execute("INSERT INTO rollups_hourly (camera_id, model_id, label, bucket, detections, frames)"
                    + " SELECT camera_id, model_id, label, date_trunc('hour', ts), count(*), count(*) FROM detections"
                    + " WHERE ts < date_trunc('hour', now()) GROUP BY 1, 2, 3, 4");
            // As autovacuum leaves a table that has been written for 30 days: statistics, block ranges summarised.
            s.execute("VACUUM ANALYZE detections");
            s.execute("VACUUM ANALYZE rollups_hourly");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM detections")) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static double time(BenchDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            try (ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    // read every row, as a panel would
                }
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }
}
