package io.argus.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What the report shows, read from the Argus tables for one time range [from, to). Plain SQL that
 * runs the same on PostgreSQL and TimescaleDB, as the read-only analyst role. Hours are UTC.
 *
 * @param bucket the bar width of the time charts, fitted to the span the data covers
 * @param framesPerBucket frames per chart bucket (skipped and dead-lettered only for buckets of an hour or more)
 */
public record ReportData(Instant from, Instant to, ChartBucket bucket, Totals totals, List<LabelBucket> detectionsPerBucket,
        List<CameraEpisodes> episodesPerCamera, List<ZoneVisit> topZoneVisits, List<LongEpisode> longestEpisodes,
        List<HealthHour> health, List<FrameBucket> framesPerBucket, List<ShadowLabel> shadows) {

    /**
     * Frames and cameras from frames_hourly, detections from detections_hourly (hours that start in the
     * range); the typical inference time is the frame-weighted mean of the closed hours' medians (the
     * health rows keep percentiles, not sums).
     */
    public record Totals(long frames, long detections, long episodes, long actions, long cameras, double typicalInferenceMs) {}

    public record LabelBucket(Instant start, String label, long detections) {}

    public record FrameBucket(Instant start, long processed, long skipped, long deadLettered) {}

    public record CameraEpisodes(String camera, String label, long episodes, double meanSeconds, double longestSeconds) {}

    public record ZoneVisit(String camera, String zone, long trackId, String label, Instant entered, double dwellSeconds) {}

    /** @param thumbnailUri null when the episode has no snapshot */
    public record LongEpisode(String id, String camera, String label, long trackId, Instant started, double seconds, String zones,
            String thumbnailUri) {}

    /** A shadow model against the active one it would replace, per label, over the window (model_comparison_hourly). */
    public record ShadowLabel(String shadow, String active, String label, long frames, long activeDetections, long shadowDetections,
            Double activeMeanConfidence, Double shadowMeanConfidence, long matched, Double agreement) {}

    public record HealthHour(Instant hour, long processed, long skipped, long deadLettered, Double p50Ms, Double p95Ms) {}

    public boolean empty() {
        return totals.frames() == 0 && totals.detections() == 0 && totals.episodes() == 0 && health.isEmpty();
    }

    /**
     * The range from {@code from} to {@code now}, or to just after the newest capture time when that is
     * later (cameras whose clocks run a little ahead must not fall out of the report).
     */
    public static ReportData load(Connection c, Instant from, Instant now) throws SQLException {
        Instant to = windowEnd(c, from, now);
        ChartBucket bucket = ChartBucket.fit(dataSpan(c, from, to));
        return new ReportData(from, to, bucket, totals(c, from, to), detectionsPerBucket(c, from, to, bucket), episodesPerCamera(c, from, to),
                topZoneVisits(c, from, to, 10), longestEpisodes(c, from, to, 10), health(c, from, to), framesPerBucket(c, from, to, bucket),
                shadows(c, from, to));
    }

    /** {@code now}, or 1 ms after the newest capture time of the last two hours when that is later. */
    static Instant windowEnd(Connection c, Instant from, Instant now) throws SQLException {
        Instant recent = now.minus(java.time.Duration.ofHours(2));
        Instant newest = one(c, "SELECT max(ts) FROM ai_events WHERE ts >= ?", from.isAfter(recent) ? from : recent);
        return newest != null && !newest.isBefore(now) ? newest.plusMillis(1) : now;
    }

    /** From the first to the last capture time in the range: hours from frames_hourly, refined from raw rows when short. */
    static java.time.Duration dataSpan(Connection c, Instant from, Instant to) throws SQLException {
        Instant first = one(c, "SELECT min(bucket) FROM frames_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?", from, to);
        Instant last = one(c, "SELECT max(bucket) FROM frames_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?", from, to);
        if (first == null || last == null) return java.time.Duration.between(from, to);
        java.time.Duration hours = java.time.Duration.between(first, last.plus(java.time.Duration.ofHours(1)));
        if (ChartBucket.fit(hours).fromHourly()) return hours;
        Instant lo = first.isBefore(from) ? from : first, hi = last.plus(java.time.Duration.ofHours(1)).isAfter(to) ? to : last.plus(java.time.Duration.ofHours(1));
        Instant a = one(c, "SELECT min(ts) FROM ai_events WHERE ts >= ? AND ts < ?", lo, hi), b = one(c, "SELECT max(ts) FROM ai_events WHERE ts >= ? AND ts < ?", lo, hi);
        return a == null || b == null ? hours : java.time.Duration.between(a, b);
    }

    private static Instant one(Connection c, String sql, Instant... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, OffsetDateTime.ofInstant(args[i], ZoneOffset.UTC));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                OffsetDateTime t = r.getObject(1, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        }
    }

    static Totals totals(Connection c, Instant from, Instant to) throws SQLException {
        String sql = """
                SELECT (SELECT coalesce(sum(frames), 0) FROM frames_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?),
                       (SELECT coalesce(sum(detections), 0) FROM detections_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?),
                       (SELECT count(*) FROM episodes WHERE started_at >= ? AND started_at < ?),
                       (SELECT count(*) FROM actions WHERE ts >= ? AND ts < ?),
                       (SELECT count(DISTINCT camera_id) FROM frames_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?),
                       (SELECT coalesce(sum(inference_p50_ms * frames_processed) / nullif(sum(frames_processed), 0), 0)
                        FROM pipeline_health_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?)""";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < 6; i++) range(s, 1 + 2 * i, from, to);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Totals(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getDouble(6));
            }
        }
    }

    /** Detections per chart bucket and label: from detections_hourly for buckets of an hour or more, else from the raw rows. */
    static List<LabelBucket> detectionsPerBucket(Connection c, Instant from, Instant to, ChartBucket b) throws SQLException {
        String sql = b.fromHourly() ? """
                SELECT date_bin('%s', bucket, timestamptz '2000-01-01 00:00:00+00') AT TIME ZONE 'UTC', label, sum(detections)
                FROM detections_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ? GROUP BY 1, 2 ORDER BY 1, 2"""
                : """
                SELECT date_bin('%s', ts, timestamptz '2000-01-01 00:00:00+00') AT TIME ZONE 'UTC', label, count(*)
                FROM detections WHERE ts >= ? AND ts < ? GROUP BY 1, 2 ORDER BY 1, 2""";
        List<LabelBucket> out = new ArrayList<>();
        query(c, sql.formatted(b.sqlInterval()), from, to, r -> out.add(new LabelBucket(utc(r, 1), r.getString(2), r.getLong(3))));
        return out;
    }

    /** Frames per chart bucket: the hourly health rows for buckets of an hour or more, else the raw rows (processed only). */
    static List<FrameBucket> framesPerBucket(Connection c, Instant from, Instant to, ChartBucket b) throws SQLException {
        String sql = b.fromHourly() ? """
                SELECT date_bin('%s', bucket, timestamptz '2000-01-01 00:00:00+00') AT TIME ZONE 'UTC', sum(frames_processed),
                       sum(frames_skipped), sum(frames_dead_lettered)
                FROM pipeline_health_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ? GROUP BY 1 ORDER BY 1"""
                : """
                SELECT date_bin('%s', ts, timestamptz '2000-01-01 00:00:00+00') AT TIME ZONE 'UTC', count(*), 0, 0
                FROM ai_events WHERE ts >= ? AND ts < ? GROUP BY 1 ORDER BY 1""";
        List<FrameBucket> out = new ArrayList<>();
        query(c, sql.formatted(b.sqlInterval()), from, to, r -> out.add(new FrameBucket(utc(r, 1), r.getLong(2), r.getLong(3), r.getLong(4))));
        return out;
    }

    static List<CameraEpisodes> episodesPerCamera(Connection c, Instant from, Instant to) throws SQLException {
        String sql = """
                SELECT camera_id, label, count(*), avg(extract(epoch FROM ended_at - started_at)),
                       max(extract(epoch FROM ended_at - started_at))
                FROM episodes WHERE started_at >= ? AND started_at < ? GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2""";
        List<CameraEpisodes> out = new ArrayList<>();
        query(c, sql, from, to, r -> out.add(new CameraEpisodes(r.getString(1), r.getString(2), r.getLong(3), r.getDouble(4), r.getDouble(5))));
        return out;
    }

    /** Zone visits: a track's zone_enter up to its next zone_exit in that zone, longest first. */
    static List<ZoneVisit> topZoneVisits(Connection c, Instant from, Instant to, int limit) throws SQLException {
        String sql = """
                WITH visits AS (
                  SELECT camera_id, zone, track_id, label, type, ts, lead(type) OVER w AS next_type, lead(ts) OVER w AS next_ts
                  FROM actions WHERE type IN ('zone_enter', 'zone_exit') AND ts >= ? AND ts < ?
                  WINDOW w AS (PARTITION BY camera_id, model_id, zone, track_id ORDER BY ts))
                SELECT camera_id, zone, track_id, label, ts, extract(epoch FROM next_ts - ts) AS dwell
                FROM visits WHERE type = 'zone_enter' AND next_type = 'zone_exit'
                ORDER BY dwell DESC, camera_id, zone, track_id""" + " LIMIT " + limit;
        List<ZoneVisit> out = new ArrayList<>();
        query(c, sql, from, to, r -> out.add(new ZoneVisit(r.getString(1), r.getString(2), r.getLong(3), r.getString(4),
                r.getTimestamp(5).toInstant(), r.getDouble(6))));
        return out;
    }

    static List<LongEpisode> longestEpisodes(Connection c, Instant from, Instant to, int limit) throws SQLException {
        String sql = """
                SELECT e.id::text, e.camera_id, e.label, e.track_id, e.started_at, extract(epoch FROM e.ended_at - e.started_at) AS s,
                       array_to_string(e.zones, ', '), sn.thumbnail_uri
                FROM episodes e LEFT JOIN snapshots sn ON sn.episode_id = e.id WHERE e.started_at >= ? AND e.started_at < ?
                ORDER BY s DESC, e.camera_id, e.track_id""" + " LIMIT " + limit;
        List<LongEpisode> out = new ArrayList<>();
        query(c, sql, from, to, r -> out.add(new LongEpisode(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getTimestamp(5).toInstant(),
                r.getDouble(6), r.getString(7), r.getString(8))));
        return out;
    }

    /** Pipeline health per hour over all cameras; latency percentiles are the worst camera's. */
    static List<ShadowLabel> shadows(Connection c, Instant from, Instant to) throws SQLException {
        String sql = """
                SELECT shadow_model_id, active_model_id, label, sum(frames), sum(active_detections), sum(shadow_detections),
                       (sum(active_mean_confidence * active_detections) / nullif(sum(active_detections), 0))::float8,
                       (sum(shadow_mean_confidence * shadow_detections) / nullif(sum(shadow_detections), 0))::float8,
                       sum(matched), (2.0 * sum(matched) / nullif(sum(active_detections) + sum(shadow_detections), 0))::float8
                FROM model_comparison_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""";
        List<ShadowLabel> out = new ArrayList<>();
        query(c, sql, from, to, r -> out.add(new ShadowLabel(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getLong(6),
                (Double) r.getObject(7, Double.class), (Double) r.getObject(8, Double.class), r.getLong(9), (Double) r.getObject(10, Double.class))));
        return out;
    }

    static List<HealthHour> health(Connection c, Instant from, Instant to) throws SQLException {
        String sql = """
                SELECT bucket AT TIME ZONE 'UTC', sum(frames_processed), sum(frames_skipped), sum(frames_dead_lettered),
                       max(inference_p50_ms), max(inference_p95_ms)
                FROM pipeline_health_hourly WHERE bucket >= date_trunc('hour', ?::timestamptz) AND bucket < ?
                GROUP BY bucket ORDER BY bucket""";
        List<HealthHour> out = new ArrayList<>();
        query(c, sql, from, to, r -> {
            double p50 = r.getDouble(5);
            Double p50v = r.wasNull() ? null : p50;
            double p95 = r.getDouble(6);
            Double p95v = r.wasNull() ? null : p95;
            out.add(new HealthHour(utc(r, 1), r.getLong(2), r.getLong(3), r.getLong(4), p50v, p95v));
        });
        return out;
    }

    private interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    private static void query(Connection c, String sql, Instant from, Instant to, Row row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            range(s, 1, from, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) row.accept(r);
            }
        }
    }

    private static void range(PreparedStatement s, int i, Instant from, Instant to) throws SQLException {
        s.setObject(i, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        s.setObject(i + 1, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    }

    /** A "timestamp without time zone" column that holds a UTC wall time. */
    private static Instant utc(ResultSet r, int i) throws SQLException {
        return r.getObject(i, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC);
    }
}
