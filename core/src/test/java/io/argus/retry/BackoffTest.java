package io.argus.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapAndResets() {
        Backoff b = new Backoff(1000, 5000);
        assertThat(new long[] {b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs(), b.nextDelayMs()})
                .containsExactly(1000, 2000, 4000, 5000, 5000);
        b.reset();
        assertThat(b.nextDelayMs()).isEqualTo(1000);
    }
}
