package io.argus.report;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The bar width of the report's time charts, chosen from the span the data covers (not the range asked
 * for): the widest bucket that still gives at least {@link #MIN_BARS} bars, so a minute and a half of
 * video gets ten-second bars and a month gets days. Buckets of an hour or more read the hourly rollups;
 * shorter ones the raw rows (the span is short then, so they are few).
 */
public enum ChartBucket {
    TEN_SECONDS(Duration.ofSeconds(10), "10 seconds", "10 s", "HH:mm:ss"),
    MINUTE(Duration.ofMinutes(1), "1 minute", "minute", "HH:mm"),
    FIVE_MINUTES(Duration.ofMinutes(5), "5 minutes", "5 min", "MM-dd HH:mm"),
    FIFTEEN_MINUTES(Duration.ofMinutes(15), "15 minutes", "15 min", "MM-dd HH:mm"),
    HOUR(Duration.ofHours(1), "1 hour", "hour", "MM-dd HH:00"),
    SIX_HOURS(Duration.ofHours(6), "6 hours", "6 h", "MM-dd HH:00"),
    DAY(Duration.ofDays(1), "1 day", "day", "yyyy-MM-dd");

    public static final int MIN_BARS = 12;

    private final Duration width;
    private final String sqlInterval;
    private final String label;
    private final DateTimeFormatter format;

    ChartBucket(Duration width, String sqlInterval, String label, String pattern) {
        this.width = width;
        this.sqlInterval = sqlInterval;
        this.label = label;
        this.format = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }

    public static ChartBucket fit(Duration span) {
        ChartBucket best = TEN_SECONDS;
        for (ChartBucket b : values()) if (span.dividedBy(b.width) >= MIN_BARS) best = b;
        return best;
    }

    public Duration width() {
        return width;
    }

    /** For PostgreSQL's date_bin(interval, ts, origin). */
    public String sqlInterval() {
        return sqlInterval;
    }

    /** "10 s", "hour", "day": for titles, "Detections per 10 s by label". */
    public String label() {
        return label;
    }

    public DateTimeFormatter format() {
        return format;
    }

    /** Whether the hourly rollups are fine enough for it. */
    public boolean fromHourly() {
        return width.compareTo(Duration.ofHours(1)) >= 0;
    }
}
