package io.argus.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameSequenceTest {
    // The newest frame so far: id 10 captured at t = 5000 ms.
    private static String check(long id, long ts) {
        return FrameSequence.check(10, 5000, id, ts);
    }

    @Test
    void higherIdsAreAcceptedEvenWhenTheClockWentBack() {
        assertThat(check(11, 5500)).isNull();
        assertThat(check(11, 4000)).isNull();
        assertThat(FrameSequence.advances(10, 11)).isTrue();
    }

    @Test
    void theSameFrameSentAgainIsAccepted() {
        assertThat(check(10, 5000)).isNull();
        assertThat(FrameSequence.advances(10, 10)).isFalse();
    }

    @Test
    void idsThatGoBackWhileTimeGoesOnAreRejected() {
        assertThat(check(0, 9000)).contains("frame id 0").contains("went backwards");
        assertThat(check(9, 5001)).contains("went backwards");
        assertThat(check(10, 5001)).contains("went backwards");
    }

    @Test
    void anIdReusedForAnEarlierFrameIsRejected() {
        assertThat(check(10, 4999)).contains("already used");
    }

    @Test
    void anOlderFrameArrivingLateIsAccepted() {
        assertThat(check(9, 4800)).isNull();
        assertThat(check(3, 5000)).isNull();
    }
}
