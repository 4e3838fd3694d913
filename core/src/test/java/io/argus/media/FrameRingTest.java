package io.argus.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameRingTest {
    private static byte[] bytes(int n) {
        return new byte[n];
    }

    @Test
    void keepsOnlyFramesWithinMaxAgeOfTheNewest() {
        FrameRing r = new FrameRing(1000, 1_000_000);
        for (int i = 0; i <= 10; i++) r.add(i * 250L, i, bytes(10)); // 0 .. 2500 ms
        // Newest 2500: frames at 1500 and later stay (1500, 1750, 2000, 2250, 2500).
        assertThat(r.range(Long.MIN_VALUE, Long.MAX_VALUE)).extracting(BufferedFrame::ts).containsExactly(1500L, 1750L, 2000L, 2250L, 2500L);
        assertThat(r.bytes()).isEqualTo(50);
        assertThat(r.evicted()).isEqualTo(6);
    }

    @Test
    void keepsAtMostMaxBytesOldestLeavingFirst() {
        FrameRing r = new FrameRing(60_000, 100);
        r.add(0, 0, bytes(40));
        r.add(10, 1, bytes(40));
        r.add(20, 2, bytes(40)); // 120 > 100: frame 0 goes
        assertThat(r.range(0, 100)).extracting(BufferedFrame::frameId).containsExactly(1L, 2L);
        assertThat(r.bytes()).isEqualTo(80);
        r.add(30, 3, bytes(101)); // larger than the bound on its own: everything goes, itself too
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.bytes()).isZero();
    }

    @Test
    void anOutOfOrderFrameIsInsertedInCaptureOrder() {
        FrameRing r = new FrameRing(60_000, 1000);
        r.add(100, 1, bytes(1));
        r.add(300, 3, bytes(1));
        r.add(200, 2, bytes(1));
        assertThat(r.range(0, 1000)).extracting(BufferedFrame::frameId).containsExactly(1L, 2L, 3L);
        assertThat(r.range(150, 300)).extracting(BufferedFrame::frameId).containsExactly(2L, 3L);
        assertThat(r.byFrameId(2).ts()).isEqualTo(200);
        assertThat(r.byFrameId(9)).isNull();
    }

    @Test
    void staysBoundedOverALongStream() {
        FrameRing r = new FrameRing(5_000, 1_000_000);
        for (int i = 0; i < 10_000; i++) r.add(i * 100L, i, bytes(100));
        // 5 s at 10 frames/s, both ends included.
        assertThat(r.size()).isEqualTo(51);
        assertThat(r.bytes()).isEqualTo(5100);
        assertThat(r.typicalIntervalMs(1)).isEqualTo(100);
    }
}
