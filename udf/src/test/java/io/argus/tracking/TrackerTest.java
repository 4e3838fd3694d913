package io.argus.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made sequences, 10 frames per second; boxes in normalised coordinates. */
class TrackerTest {
    private final Tracker tracker = new Tracker(Tracker.Options.defaults());

    private static Detection person(float x, float y, float conf) {
        return new Detection(0, "person", conf, x, y, 0.1f, 0.3f);
    }

    private List<TrackedObject> frame(int i, Detection... ds) {
        return tracker.update(i * 100L, List.of(ds));
    }

    @Test
    void aWalkingPersonKeepsOneIdAndIsReportedOnceConfirmed() {
        List<Integer> reported = new ArrayList<>();
        long id = -1;
        for (int i = 0; i < 10; i++) {
            List<TrackedObject> out = frame(i, person(0.1f + 0.02f * i, 0.5f, 0.9f));
            reported.add(out.size());
            for (TrackedObject o : out) {
                if (id == -1) id = o.trackId();
                assertThat(o.trackId()).isEqualTo(id);
            }
        }
        // Confirmed on its 3rd hit: frames 0 and 1 are not reported.
        assertThat(reported).containsExactly(0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void crossingPathsKeepTheirIds() {
        // A walks right, B walks left, a little lower; they overlap around frame 10.
        long a = -1, b = -1;
        for (int i = 0; i < 20; i++) {
            float ax = 0.1f + 0.03f * i, bx = 0.7f - 0.03f * i; // at frame 10 both are at x = 0.40
            List<TrackedObject> out = frame(i, person(ax, 0.40f, 0.9f), person(bx, 0.43f, 0.85f));
            for (TrackedObject o : out) {
                boolean isA = Math.abs(o.detection().y - 0.40f) < 1e-6; // A is the upper one
                if (isA) {
                    if (a == -1) a = o.trackId();
                    assertThat(o.trackId()).as("A at frame %d", i).isEqualTo(a);
                } else {
                    if (b == -1) b = o.trackId();
                    assertThat(o.trackId()).as("B at frame %d", i).isEqualTo(b);
                }
            }
        }
        assertThat(a).isNotEqualTo(b).isPositive();
    }

    @Test
    void anOcclusionOfAFewFramesKeepsTheId() {
        long id = -1;
        for (int i = 0; i < 20; i++) {
            if (i >= 8 && i < 12) {
                assertThat(frame(i)).isEmpty(); // hidden behind a pillar for 400 ms
                continue;
            }
            for (TrackedObject o : frame(i, person(0.1f + 0.02f * i, 0.5f, 0.9f))) {
                if (id == -1) id = o.trackId();
                assertThat(o.trackId()).as("frame %d", i).isEqualTo(id);
            }
        }
        assertThat(tracker.tracks()).hasSize(1);
    }

    @Test
    void aOneFrameFlickerNeverBecomesATrack() {
        for (int i = 0; i < 10; i++) {
            List<TrackedObject> out = i == 4 ? frame(i, person(0.6f, 0.2f, 0.8f)) : frame(i);
            assertThat(out).isEmpty();
        }
        assertThat(tracker.tracks()).isEmpty();
    }

    @Test
    void aWeakDetectionKeepsAConfirmedTrackThroughADimFrame() {
        long id = -1;
        for (int i = 0; i < 12; i++) {
            float conf = i == 6 ? 0.3f : 0.9f; // stage 2 only
            List<TrackedObject> out = frame(i, person(0.1f + 0.02f * i, 0.5f, conf));
            if (i >= 2) assertThat(out).as("frame %d", i).hasSize(1);
            for (TrackedObject o : out) {
                if (id == -1) id = o.trackId();
                assertThat(o.trackId()).isEqualTo(id);
            }
        }
        // A weak detection alone never starts a track.
        Tracker t = new Tracker(Tracker.Options.defaults());
        for (int i = 0; i < 5; i++) assertThat(t.update(i * 100L, List.of(person(0.5f, 0.5f, 0.3f)))).isEmpty();
        assertThat(t.tracks()).isEmpty();
    }

    @Test
    void aLostTrackExpiresAfterMaxLost() {
        for (int i = 0; i < 5; i++) frame(i, person(0.1f, 0.5f, 0.9f));
        tracker.expire(400 + 2000);
        assertThat(tracker.tracks()).hasSize(1);
        tracker.expire(400 + 2001);
        assertThat(tracker.isEmpty()).isTrue();
    }

    @Test
    void trackIdsComeFromTheFirstSightingSoAFreshTrackerNeverReusesOne() {
        Tracker one = new Tracker(new Tracker.Options(0.5f, 0.1f, 0.3f, 1, 2000));
        List<TrackedObject> first = one.update(5_000, List.of(person(0.1f, 0.1f, 0.9f), person(0.6f, 0.1f, 0.8f)));
        // Two tracks started by one frame: 5000 ms x 1000, plus one plus their rank.
        assertThat(first).extracting(TrackedObject::trackId).containsExactly(5_000_001L, 5_000_002L);
        // The scene was cleared (a quiet camera) or the job restarted without state: a new tracker, later frames.
        Tracker again = new Tracker(new Tracker.Options(0.5f, 0.1f, 0.3f, 1, 2000));
        List<TrackedObject> later = again.update(65_000, List.of(person(0.1f, 0.1f, 0.9f)));
        assertThat(later).extracting(TrackedObject::trackId).containsExactly(65_000_001L);
        // Replayed, the same frames give the same ids.
        Tracker replay = new Tracker(new Tracker.Options(0.5f, 0.1f, 0.3f, 1, 2000));
        assertThat(replay.update(5_000, List.of(person(0.1f, 0.1f, 0.9f), person(0.6f, 0.1f, 0.8f))))
                .extracting(TrackedObject::trackId).containsExactly(5_000_001L, 5_000_002L);
    }
}
