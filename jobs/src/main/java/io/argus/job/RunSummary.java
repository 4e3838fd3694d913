package io.argus.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Prints what a run left in the database: frames processed, detections per label, latency, and
 * how to query it. Used at the end of {@code ./argus demo}.
 */
public final class RunSummary {
    private RunSummary() {}

    /**
     * args: JDBC URL, user, epoch ms the run started, psql URL to show, media folder; the password
     * comes from the environment ({@code ARGUS_JDBC_PASSWORD}), never from the command line.
     */
    public static void main(String[] args) throws Exception {
        String url = args[0], user = args[1], psql = args[3];
        String password = System.getenv().getOrDefault(io.argus.cli.Flags.JDBC_PASSWORD_ENV, "");
        Timestamp since = new Timestamp(Long.parseLong(args[2]));
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            System.out.println();
            System.out.println("Argus run summary (rows written since " + since.toInstant() + ")");
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*), count(DISTINCT camera_id), min(ts), max(ts),
                           avg((event_metadata->>'inference_ms')::float8), max(event_metadata->>'provider'),
                           max(model_id), sum(jsonb_array_length(detections))
                    FROM ai_events WHERE created_at >= ?""")) {
                ps.setTimestamp(1, since);
                try (ResultSet r = ps.executeQuery()) {
                    r.next();
                    System.out.printf("  frames processed (ai_events rows): %d from %d camera(s)%n", r.getLong(1), r.getLong(2));
                    if (r.getLong(1) > 0) {
                        System.out.printf("  capture time span:  %s .. %s%n", r.getTimestamp(3).toInstant(), r.getTimestamp(4).toInstant());
                        System.out.printf("  model:              %s on %s, %.1f ms per frame (mean)%n", r.getString(7), r.getString(6), r.getDouble(5));
                        System.out.printf("  objects detected:   %d%n", r.getLong(8));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d->>'label' AS label, count(*) AS n, count(DISTINCT e.frame_id) AS frames,
                           round(avg((d->>'confidence')::numeric), 2)
                    FROM ai_events e, jsonb_array_elements(e.detections) d
                    WHERE e.created_at >= ? GROUP BY 1 ORDER BY 2 DESC LIMIT 10""")) {
                ps.setTimestamp(1, since);
                try (ResultSet r = ps.executeQuery()) {
                    System.out.println("  detections by label:");
                    while (r.next()) {
                        System.out.printf("    %-14s %6d in %5d frames, mean confidence %.2f%n", r.getString(1), r.getLong(2), r.getLong(3), r.getDouble(4));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT label, count(*), count(*) FILTER (WHERE status = 'closed'),
                           avg(extract(epoch FROM ended_at - started_at)), max(extract(epoch FROM ended_at - started_at)),
                           count(*) FILTER (WHERE stationary)
                    FROM episodes WHERE updated_at >= ? GROUP BY 1 ORDER BY 2 DESC LIMIT 10""")) {
                ps.setTimestamp(1, since);
                try (ResultSet r = ps.executeQuery()) {
                    System.out.println("  episodes (a tracked object's presence) by label:");
                    while (r.next()) {
                        System.out.printf("    %-14s %6d (%d closed), mean %.1f s, longest %.1f s, %d stationary%n", r.getString(1),
                                r.getLong(2), r.getLong(3), r.getDouble(4), r.getDouble(5), r.getLong(6));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT type, count(*) FROM actions WHERE created_at >= ? GROUP BY 1 ORDER BY 2 DESC")) {
                ps.setTimestamp(1, since);
                try (ResultSet r = ps.executeQuery()) {
                    StringBuilder b = new StringBuilder();
                    while (r.next()) b.append(b.length() == 0 ? "" : ", ").append(r.getString(1)).append(' ').append(r.getLong(2));
                    System.out.println("  actions: " + (b.length() == 0 ? "none" : b));
                }
            }
            System.out.println();
            String timescale = io.argus.storage.TimescaleExtension.version(c);
            if (timescale != null) {
                StringBuilder h = new StringBuilder();
                try (ResultSet r = c.createStatement().executeQuery("SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1")) {
                    while (r.next()) h.append(h.length() == 0 ? "" : ", ").append(r.getString(1));
                }
                System.out.println("Database: TimescaleDB " + timescale + "; hypertables " + h
                        + "; weekly and monthly rollups are continuous aggregates (rollups_weekly, rollups_monthly).");
            } else {
                System.out.println("Database: plain PostgreSQL (no TimescaleDB here): plain tables; ./argus maintain applies the retention.");
            }
            System.out.println("The data is in tables ai_events, detections, episodes, actions, rollups_hourly/daily/weekly/monthly, cameras, models. Query it with:");
            System.out.println("  ./argus stack up     # if the demo stopped it");
            System.out.println("  psql " + psql);
            System.out.println("  SELECT camera_id, ts, frame_id, jsonb_array_length(detections) AS objects, confidence");
            System.out.println("    FROM ai_events ORDER BY ts DESC LIMIT 10;");
            if (args.length > 4) {
                // Media written in this run, from their rows (each row is a file the media operator wrote).
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT (SELECT count(*) FROM snapshots WHERE updated_at >= ?), (SELECT count(*) FROM clips WHERE updated_at >= ?)")) {
                    ps.setTimestamp(1, since);
                    ps.setTimestamp(2, since);
                    try (ResultSet r = ps.executeQuery()) {
                        r.next();
                        System.out.printf("Snapshots and clips of the episodes: %s/<camera>/<day>/<episode id>/ (this run: %d snapshots,"
                                + " %d clips; rows in tables snapshots and clips)%n", args[4], r.getLong(1), r.getLong(2));
                    }
                }
            }
            System.out.println("Generated at " + Instant.now());
        }
    }
}
