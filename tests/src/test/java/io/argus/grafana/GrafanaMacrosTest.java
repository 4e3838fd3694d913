package io.argus.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are Grafana's PostgreSQL macro outputs, written out by hand for this range. */
class GrafanaMacrosTest {
    private static final Instant FROM = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-31T16:30:15.25Z");
    private final GrafanaMacros plain = new GrafanaMacros(FROM, TO, false, Map.of("camera", "lobby", "camera_zone", "door"), Duration.ofMinutes(1));
    private final GrafanaMacros timescale = new GrafanaMacros(FROM, TO, true, Map.of(), Duration.ofSeconds(30));

    @Test
    void timeFilterAndRange() {
        assertThat(plain.expand("WHERE $__timeFilter(ts) AND x < $__timeTo() AND x > $__timeFrom()"))
                .isEqualTo("WHERE ts BETWEEN '2026-01-31T10:00:00Z' AND '2026-01-31T16:30:15.25Z' AND x < '2026-01-31T16:30:15.25Z'"
                        + " AND x > '2026-01-31T10:00:00Z'");
        assertThat(plain.expand("$__unixEpochFilter(t)")).isEqualTo("t >= 1769853600 AND t <= 1769877015");
        assertThat(plain.expand("$__unixEpochFrom() $__unixEpochTo()")).isEqualTo("1769853600 1769877015");
    }

    @Test
    void timeGroupOnPlainPostgresAndOnTimescale() {
        assertThat(plain.expand("SELECT $__timeGroupAlias(ts, '1h'), count(*)"))
                .isEqualTo("SELECT floor(extract(epoch from ts)/3600)*3600 AS \"time\", count(*)");
        assertThat(plain.expand("GROUP BY $__timeGroup(ts, 5m, 0)")).isEqualTo("GROUP BY floor(extract(epoch from ts)/300)*300");
        // Old style: directly followed by a comma, it also names the column.
        assertThat(plain.expand("SELECT $__timeGroup(ts,'1m'), 1")).isEqualTo("SELECT floor(extract(epoch from ts)/60)*60 AS \"time\", 1");
        assertThat(plain.expand("$__timeGroup(ts, 500ms)")).isEqualTo("floor(extract(epoch from ts)/0.5)*0.5");
        assertThat(timescale.expand("SELECT $__timeGroupAlias(ts, '1h')")).isEqualTo("SELECT time_bucket('3600.000s',ts) AS \"time\"");
        assertThat(plain.expand("$__time(ts), $__timeEpoch(ts)")).isEqualTo("ts AS \"time\", extract(epoch from ts) as \"time\"");
    }

    @Test
    void variablesAndIntervals() {
        assertThat(plain.expand("camera_id = '$camera' AND zone = '${camera_zone}' AND z = '[[camera]]'"))
                .isEqualTo("camera_id = 'lobby' AND zone = 'door' AND z = 'lobby'");
        assertThat(plain.expand("'$camera_zone'")).isEqualTo("'door'");
        assertThat(plain.expand("$__timeGroup(ts, $__interval) $__interval_ms"))
                .isEqualTo("floor(extract(epoch from ts)/60)*60 60000");
        assertThat(timescale.expand("$__interval")).isEqualTo("30s");
    }

    @Test
    void mistakesAreErrors() {
        assertThatThrownBy(() -> plain.expand("$__timeFilter()")).hasMessageContaining("missing time column");
        assertThatThrownBy(() -> plain.expand("$__timeGroup(ts)")).hasMessageContaining("needs time column and interval");
        assertThatThrownBy(() -> plain.expand("$__nope(ts)")).hasMessageContaining("unknown macro");
        assertThatThrownBy(() -> GrafanaMacros.parseInterval("soon")).hasMessageContaining("error parsing interval");
    }
}
