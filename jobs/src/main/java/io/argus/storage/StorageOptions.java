package io.argus.storage;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How the database keeps Argus's rows: retention per layer, compression, the rollups' calendar and
 * whether TimescaleDB is required. Built with {@link #builder()}, whose fields hold each default once.
 *
 * @param rawRetention ai_events and detections older than this are dropped (TimescaleDB policy, or {@code ./argus maintain})
 * @param compressAfter TimescaleDB: raw rows older than this are compressed, segmented by camera
 * @param hourlyRetention hourly rollups older than this are dropped; daily, weekly and monthly ones are kept
 * @param rollupZone the time zone whose midnight starts a day (daily buckets, and so weeks and months)
 * @param weekStart the first day of a weekly bucket
 * @param timescaledb whether to use TimescaleDB: where available, required, or not at all
 */
public record StorageOptions(Duration rawRetention, Duration compressAfter, Duration hourlyRetention, ZoneId rollupZone,
        DayOfWeek weekStart, TimescaleMode timescaledb) implements Serializable {

    public StorageOptions {
        require(rawRetention.toDays() >= 1, "argus.storage.raw-retention", "must be at least 1 day");
        require(compressAfter.toDays() >= 1, "argus.storage.compress-after", "must be at least 1 day");
        require(hourlyRetention.toDays() >= 1, "argus.storage.hourly-retention", "must be at least 1 day");
        require(hourlyRetention.compareTo(rawRetention) >= 0, "argus.storage.hourly-retention",
                "must be at least argus.storage.raw-retention (rollups outlive the rows they count)");
    }

    public static StorageOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration rawRetention = Duration.ofDays(30);
        private Duration compressAfter = Duration.ofDays(7);
        private Duration hourlyRetention = Duration.ofDays(365);
        private ZoneId rollupZone = ZoneId.of("UTC");
        private DayOfWeek weekStart = DayOfWeek.MONDAY; // ISO 8601
        private TimescaleMode timescaledb = TimescaleMode.AUTO;

        private Builder() {}

        public Builder rawRetention(Duration v) { rawRetention = v; return this; }
        public Builder compressAfter(Duration v) { compressAfter = v; return this; }
        public Builder hourlyRetention(Duration v) { hourlyRetention = v; return this; }
        public Builder rollupZone(ZoneId v) { rollupZone = v; return this; }
        public Builder weekStart(DayOfWeek v) { weekStart = v; return this; }
        public Builder timescaledb(TimescaleMode v) { timescaledb = v; return this; }

        public StorageOptions build() {
            return new StorageOptions(rawRetention, compressAfter, hourlyRetention, rollupZone, weekStart, timescaledb);
        }
    }

    private static void require(boolean ok, String option, String message) {
        if (!ok) throw new IllegalArgumentException(option + ": " + message);
    }
}
