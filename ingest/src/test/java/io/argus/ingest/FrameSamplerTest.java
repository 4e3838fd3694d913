package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {
    private static List<Long> kept(FrameSampler s, long stepMicros, int frames) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) if (s.keep(i * stepMicros)) out.add(i * stepMicros);
        return out;
    }

    @Test
    void twoFpsFromTwentyFiveFps() {
        // 25 fps = 40 ms per frame; 2 fps = every 500 ms: frames at 0, 520 (first >= 500), 1000, 1520...
        List<Long> k = kept(new FrameSampler(2), 40_000, 50);
        assertThat(k).containsExactly(0L, 520_000L, 1_000_000L, 1_520_000L);
    }

    @Test
    void tenFpsToFiveKeepsEveryOther() {
        assertThat(kept(new FrameSampler(5), 100_000, 6)).containsExactly(0L, 200_000L, 400_000L);
    }

    @Test
    void zeroKeepsEverything() {
        assertThat(kept(new FrameSampler(0), 100_000, 4)).hasSize(4);
    }

    @Test
    void aGapRestartsTheGrid() {
        FrameSampler s = new FrameSampler(1);
        assertThat(s.keep(0)).isTrue();
        assertThat(s.keep(10_000_000)).isTrue(); // 10 s gap
        assertThat(s.keep(10_500_000)).isFalse();
        assertThat(s.keep(11_000_000)).isTrue();
    }
}
