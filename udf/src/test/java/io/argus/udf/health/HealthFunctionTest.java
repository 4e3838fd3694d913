package io.argus.udf.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthFunctionTest {
    @Test
    void percentilesAreTheUpperEdgeOfTheirBin() {
        long[] h = new long[HealthFunction.HEAD + HealthFunction.BINS];
        // 100 frames: 50 at 12 ms (bin 2: 10-15 ms), 45 at 62 ms (bin 12: 60-65 ms), 5 at 20 s (last bin).
        h[0] = 100;
        h[HealthFunction.HEAD + 2] = 50;
        h[HealthFunction.HEAD + 12] = 45;
        h[HealthFunction.HEAD + HealthFunction.BINS - 1] = 5;
        assertThat(HealthFunction.percentile(h, 0.50)).isEqualTo(15f);
        assertThat(HealthFunction.percentile(h, 0.95)).isEqualTo(65f);
        assertThat(HealthFunction.percentile(h, 0.96)).isEqualTo(10_000f);
        assertThat(HealthFunction.percentile(new long[HealthFunction.HEAD + HealthFunction.BINS], 0.5)).isZero();
    }
}
