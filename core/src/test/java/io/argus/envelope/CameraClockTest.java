package io.argus.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.CameraClock.Verdict;
import org.junit.jupiter.api.Test;

class CameraClockTest {
    private static final long D = 2000; // disorder bound

    @Test
    void aFrameIsLateOnlyAgainstItsOwnCamerasNewestFrame() {
        CameraClock c = new CameraClock();
        assertThat(c.eventTime(D)).isEqualTo(Long.MIN_VALUE);
        assertThat(c.offer(1, 10_000, D, 0).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(c.eventTime(D)).isEqualTo(8_000);
        // Within the bound, behind the newest: fine (a shuffled upload folder).
        assertThat(c.offer(3, 12_000, D, 0).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(c.offer(2, 10_500, D, 0).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(c.eventTime(D)).isEqualTo(10_000);
        // Exactly at the camera's event time, or before: late.
        CameraClock.Decision late = c.offer(0, 10_000, D, 0);
        assertThat(late.verdict()).isEqualTo(Verdict.LATE);
        assertThat(late.detail()).contains("2000 ms behind").contains("max-disorder (2000 ms)");
        assertThat(c.eventTime(D)).isEqualTo(10_000);
    }

    @Test
    void aReSentFrameIsRecognisedAndChangesNothing() {
        CameraClock c = new CameraClock();
        c.offer(1, 1_000, D, 0);
        c.offer(2, 2_000, D, 0);
        c.offer(3, 3_000, D, 0);
        assertThat(c.offer(3, 3_000, D, 5).verdict()).isEqualTo(Verdict.RESENT); // the newest again
        assertThat(c.offer(1, 1_000, D, 5).verdict()).isEqualTo(Verdict.RESENT); // an older one, even behind event time
        assertThat(c.lastArrival()).isZero(); // a re-send is no sign of life
        // Same id, later capture time: not a re-send, the ids started again.
        assertThat(c.offer(3, 3_500, D, 5).verdict()).isEqualTo(Verdict.RESTARTED);
    }

    @Test
    void theRingRemembersTheLastSixtyFourFrames() {
        CameraClock c = new CameraClock();
        for (int i = 0; i < 100; i++) c.offer(i, i * 100L, 100_000, 0);
        assertThat(c.offer(99 - 63, (99 - 63) * 100L, 100_000, 0).verdict()).isEqualTo(Verdict.RESENT);
        // Forgotten, but it cannot sneak in twice: behind the event time it is late.
        CameraClock d = new CameraClock();
        for (int i = 0; i < 100; i++) d.offer(i, i * 100L, D, 0);
        assertThat(d.offer(10, 1_000, D, 0).verdict()).isEqualTo(Verdict.LATE);
    }

    @Test
    void idsThatStartAgainAreARestartNotAStop() {
        CameraClock c = new CameraClock();
        c.offer(500, 60_000, D, 0);
        // Ingest lost its state: ids from 0 again, ten minutes later.
        CameraClock.Decision d = c.offer(0, 660_000, D, 0);
        assertThat(d.verdict()).isEqualTo(Verdict.RESTARTED);
        assertThat(d.detail()).contains("frame id 0").contains("frame id 500").contains("started again");
        assertThat(c.newestId()).isZero();
        assertThat(c.eventTime(D)).isEqualTo(658_000);
        // And the new sequence goes on as usual.
        assertThat(c.offer(1, 670_000, D, 0).verdict()).isEqualTo(Verdict.ACCEPTED);
        // An old producer still sending behind the new one: judged by capture time like any frame.
        assertThat(c.offer(501, 600_000, D, 0).verdict()).isEqualTo(Verdict.LATE);
    }

    @Test
    void aLiveCameraThatFallsSilentIsQuietAndItsTimeFollowsTheClockFromItsNewestFrame() {
        CameraClock c = new CameraClock();
        c.offer(1, 50_000, D, 51_000); // arrived a second after its capture: live
        assertThat(c.quietness(60_999, 0, 10_000, 60_000)).isEqualTo(CameraClock.Quietness.NOT_YET);
        assertThat(c.quietness(61_000, 0, 10_000, 60_000)).isEqualTo(CameraClock.Quietness.QUIET);
        assertThat(c.quietTime(61_000, 0)).isEqualTo(60_000);
        assertThat(c.quietTime(81_000, 0)).isEqualTo(80_000);
        // After a restart at 75 000, only the silence since then counts.
        assertThat(c.quietness(80_000, 75_000, 10_000, 60_000)).isEqualTo(CameraClock.Quietness.NOT_YET);
        assertThat(c.quietTime(90_000, 75_000)).isEqualTo(65_000);
    }

    @Test
    void aCameraWhoseFramesArriveLongAfterTheirCaptureIsBeingCaughtUpNotQuiet() {
        CameraClock c = new CameraClock();
        c.offer(1, 50_000, D, 50_000 + 3_600_000); // an hour late: a backlog
        assertThat(c.quietness(50_000 + 3_700_000, 0, 10_000, 60_000)).isEqualTo(CameraClock.Quietness.CATCHING_UP);
    }

    @Test
    void theStateRoundTripsAndEarlierBuildsTwoLongsAreRead() {
        CameraClock c = new CameraClock();
        for (int i = 0; i < 70; i++) c.offer(i, i * 10L, D, 7);
        c.quietCheckAt(99);
        CameraClock back = CameraClock.fromArray(c.toArray());
        assertThat(back.toArray()).containsExactly(c.toArray());
        assertThat(back.offer(69, 690, D, 8).verdict()).isEqualTo(Verdict.RESENT);
        CameraClock old = CameraClock.fromArray(new long[] {6, 1200});
        assertThat(old.newestId()).isEqualTo(6);
        assertThat(old.offer(1, 1200 - D, D, 0).verdict()).isEqualTo(Verdict.LATE);
        assertThat(old.offer(7, 1600, D, 0).verdict()).isEqualTo(Verdict.ACCEPTED);
    }
}
