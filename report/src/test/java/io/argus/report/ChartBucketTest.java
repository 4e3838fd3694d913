package io.argus.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChartBucketTest {
    @Test
    void theWidestBucketWithAtLeastTwelveBars() {
        assertThat(ChartBucket.fit(Duration.ofSeconds(90))).isEqualTo(ChartBucket.TEN_SECONDS); // 9 bars: nothing narrower
        assertThat(ChartBucket.fit(Duration.ofMinutes(12))).isEqualTo(ChartBucket.MINUTE); // 12 bars of a minute
        assertThat(ChartBucket.fit(Duration.ofMinutes(59))).isEqualTo(ChartBucket.MINUTE); // 11 bars of 5 min would be too few
        assertThat(ChartBucket.fit(Duration.ofMinutes(60))).isEqualTo(ChartBucket.FIVE_MINUTES);
        assertThat(ChartBucket.fit(Duration.ofHours(3))).isEqualTo(ChartBucket.FIFTEEN_MINUTES);
        assertThat(ChartBucket.fit(Duration.ofHours(24))).isEqualTo(ChartBucket.HOUR);
        assertThat(ChartBucket.fit(Duration.ofDays(3))).isEqualTo(ChartBucket.SIX_HOURS);
        assertThat(ChartBucket.fit(Duration.ofDays(30))).isEqualTo(ChartBucket.DAY);
        assertThat(ChartBucket.fit(Duration.ZERO)).isEqualTo(ChartBucket.TEN_SECONDS);
        assertThat(ChartBucket.HOUR.fromHourly()).isTrue();
        assertThat(ChartBucket.FIFTEEN_MINUTES.fromHourly()).isFalse();
    }
}
