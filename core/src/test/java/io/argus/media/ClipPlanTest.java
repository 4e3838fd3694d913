package io.argus.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipPlanTest {
    @Test
    void coversPreRollToPostRollAndPlaysTheLastFrameForOneInterval() {
        FrameRing r = new FrameRing(60_000, 1_000_000);
        for (int i = 0; i < 40; i++) r.add(10_000 + i * 500L, i, new byte[1]); // 2 frames/s, 10.0 .. 29.5 s
        // Episode 15.2 .. 20.1 s, pre-roll 3 s, post-roll 2 s: frames from 12.2 to 22.1 s, i.e. 12.5 .. 22.0 s.
        long[] w = ClipPlan.window(15_200, 20_100, 3_000, 2_000);
        assertThat(w).containsExactly(12_200, 22_100);
        ClipPlan p = ClipPlan.of(r.range(w[0], w[1]), 1000);
        assertThat(p.frames()).hasSize(20);
        assertThat(p.startTs()).isEqualTo(12_500);
        assertThat(p.frameIntervalMs()).isEqualTo(500);
        assertThat(p.durationMs()).isEqualTo(22_000 - 12_500 + 500);
    }

    @Test
    void beforeTheFirstFrameTheClipStartsLater() {
        FrameRing r = new FrameRing(60_000, 1_000_000);
        for (int i = 0; i < 10; i++) r.add(i * 500L, i, new byte[1]);
        ClipPlan p = ClipPlan.of(r.range(-3000, 2_500), 1000);
        assertThat(p.startTs()).isZero();
        assertThat(p.durationMs()).isEqualTo(3_000);
    }

    @Test
    void aGapKeepsItsLengthAndTheIntervalIsTheMedian() {
        List<BufferedFrame> fs = List.of(new BufferedFrame(0, 0, new byte[1]), new BufferedFrame(200, 1, new byte[1]),
                new BufferedFrame(400, 2, new byte[1]), new BufferedFrame(2400, 3, new byte[1]), new BufferedFrame(2400, 3, new byte[1]));
        ClipPlan p = ClipPlan.of(fs, 1000);
        assertThat(p.frames()).hasSize(4); // the repeated frame plays once
        assertThat(p.frameIntervalMs()).isEqualTo(200); // gaps 200, 200, 2000
        assertThat(p.durationMs()).isEqualTo(2600);
    }

    @Test
    void noFramesNoClipAndOneFrameUsesTheFallbackInterval() {
        assertThat(ClipPlan.of(List.of(), 1000).isEmpty()).isTrue();
        ClipPlan one = ClipPlan.of(List.of(new BufferedFrame(5, 1, new byte[1])), 250);
        assertThat(one.durationMs()).isEqualTo(250);
    }
}
