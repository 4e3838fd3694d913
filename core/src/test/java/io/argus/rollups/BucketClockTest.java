package io.argus.rollups;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.rollups.BucketClock.Fate;
import org.junit.jupiter.api.Test;

class BucketClockTest {
    private static final long H = 3_600_000L;

    @Test
    void aBucketIsWrittenWhenTimeAndTheEpisodeFloorArePastItsEnd() {
        BucketClock c = new BucketClock();
        c.changed(H);
        c.observe(H - 2, H - 1, true);
        assertThat(c.due()).isFalse();
        assertThat(c.fate(H, true)).isEqualTo(Fate.KEEP);
        // Time reached the hour's last millisecond, but a track first seen at H - 10 s may still open an episode.
        c.observe(H - 1, H - 10_000, true);
        assertThat(c.writeUpTo()).isEqualTo(H - 10_000);
        assertThat(c.fate(H, true)).isEqualTo(Fate.KEEP);
        // The track opened its episode (or died): nothing can start before H any more.
        c.observe(H + 500, H + 501, true);
        assertThat(c.due()).isTrue();
        assertThat(c.fate(H, true)).isEqualTo(Fate.WRITE_AND_RETIRE);
        assertThat(c.fate(H, false)).isEqualTo(Fate.RETIRE);
        c.settled(Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(c.empty()).isTrue();
        assertThat(c.isRetired(H)).isTrue();
        assertThat(c.isRetired(2 * H)).isFalse();
    }

    @Test
    void wallClockTicksWriteABucketButOnlyFramesRetireIt() {
        BucketClock c = new BucketClock();
        c.changed(H);
        c.observe(H - 30_000, H - 29_999, true);
        c.observe(H + 5_000, H + 5_001, false); // a quiet camera's tick
        assertThat(c.fate(H, true)).isEqualTo(Fate.WRITE);
        c.settled(Long.MAX_VALUE, H);
        assertThat(c.isRetired(H)).isFalse();
        // A frame still turns up for that hour: the bucket changes and is written again, whole.
        c.changed(H);
        assertThat(c.fate(H, true)).isEqualTo(Fate.WRITE);
        c.settled(Long.MAX_VALUE, H);
        assertThat(c.fate(H, false)).isEqualTo(Fate.KEEP);
        c.observe(H + 10, H + 11, true);
        assertThat(c.fate(H, false)).isEqualTo(Fate.RETIRE);
    }

    @Test
    void survivesItsStateForm() {
        BucketClock c = new BucketClock();
        c.changed(H);
        c.observe(7, 3, true);
        BucketClock d = BucketClock.fromArray(c.toArray());
        assertThat(d.toArray()).containsExactly(c.toArray());
        assertThat(BucketClock.fromArray(null).empty()).isTrue();
    }
}
