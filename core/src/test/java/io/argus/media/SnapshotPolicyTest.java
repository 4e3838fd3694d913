package io.argus.media;

import static io.argus.media.SnapshotPolicy.NONE;
import static io.argus.media.SnapshotPolicy.shouldWrite;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {
    @Test
    void firstBestFrameIsWrittenAtOnce() {
        assertThat(shouldWrite(NONE, 0, 7, 1_000, false, 10_000)).isTrue();
    }

    @Test
    void whileOpenAtMostOncePerIntervalAndOnlyWhenTheBestFrameChanged() {
        // Written frame 7 at t=1000; interval 10 s.
        assertThat(shouldWrite(7, 1_000, 9, 10_999, false, 10_000)).isFalse(); // changed, too soon
        assertThat(shouldWrite(7, 1_000, 9, 11_000, false, 10_000)).isTrue();  // changed, 10 s later
        assertThat(shouldWrite(7, 1_000, 7, 60_000, false, 10_000)).isFalse(); // unchanged
    }

    @Test
    void atCloseAlwaysTheFinalOne() {
        assertThat(shouldWrite(7, 1_000, 9, 1_500, true, 10_000)).isTrue();
        assertThat(shouldWrite(7, 1_000, 7, 1_500, true, 10_000)).isTrue();
    }
}
