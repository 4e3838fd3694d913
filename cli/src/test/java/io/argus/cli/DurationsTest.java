package io.argus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsEachUnitAndIso() {
        assertThat(Durations.parse("x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("x", "45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("x", " 90m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("x", "24H")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("x", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("x", "PT36H")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("x", "0s")).isZero();
    }

    @Test
    void namesWhatWasWrong() {
        assertThatThrownBy(() -> Durations.parse("rule 'door': every", "soon"))
                .hasMessage("rule 'door': every: 'soon' is not a duration like 500ms, 45s, 90m, 24h, 7d or PT36H");
        assertThatThrownBy(() -> Durations.parse("x", "10")).hasMessageContaining("'10' is not a duration");
        assertThatThrownBy(() -> Durations.parse("x", "1.5h")).hasMessageContaining("'1.5h'");
        assertThatThrownBy(() -> Durations.positive("--since", "0h")).hasMessage("--since: '0h' must be above zero");
    }
}
