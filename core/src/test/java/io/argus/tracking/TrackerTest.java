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
        tracker.expire(400 + 4000);
        assertThat(tracker.tracks()).hasSize(1);
        tracker.expire(400 + 4001);
        assertThat(tracker.isEmpty()).isTrue();
    }

    @Test
    void trackIdsComeFromTheFirstSightingSoAFreshTrackerNeverReusesOne() {
        Tracker one = new Tracker(new Tracker.Options(0.5f, 0.1f, 0.3f, 1, 2000, 1.0f, 1.5f, 0.5f));
        List<TrackedObject> first = one.update(5_000, List.of(person(0.1f, 0.1f, 0.9f), person(0.6f, 0.1f, 0.8f)));
        // Two tracks started by one frame: 5000 ms x 1000, plus one plus their rank.
        assertThat(first).extracting(TrackedObject::trackId).containsExactly(5_000_001L, 5_000_002L);
        // The scene was cleared (a quiet camera) or the job restarted without state: a new tracker, later frames.
        Tracker again = new Tracker(new Tracker.Options(0.5f, 0.1f, 0.3f, 1, 2000, 1.0f, 1.5f, 0.5f));
        List<TrackedObject> later = again.update(65_000, List.of(person(0.1f, 0.1f, 0.9f)));
        assertThat(later).extracting(TrackedObject::trackId).containsExactly(65_000_001L);
        // Replayed, the same frames give the same ids.
        Tracker replay = new Tracker(new Tracker.Options(0.5f, 0.1f, 0.3f, 1, 2000, 1.0f, 1.5f, 0.5f));
        assertThat(replay.update(5_000, List.of(person(0.1f, 0.1f, 0.9f), person(0.6f, 0.1f, 0.8f))))
                .extracting(TrackedObject::trackId).containsExactly(5_000_001L, 5_000_002L);
    }

    // The sequences below run at 5 frames per second (the demo's rate), people 0.08 x 0.25 of the frame.

    private static Detection walker(float x, float y) {
        return new Detection(0, "person", 0.85f, x, y, 0.08f, 0.25f);
    }

    /** Frame {@code i} at 5 fps: the ids the tracker gives the detections, by detection. */
    private static java.util.Map<Detection, Long> ids(Tracker t, int i, Detection... ds) {
        java.util.Map<Detection, Long> m = new java.util.IdentityHashMap<>();
        for (TrackedObject o : t.update(i * 200L, List.of(ds))) m.put(o.detection(), o.trackId());
        return m;
    }

    /** Asserts every id the person got is the one first seen, and returns it. */
    private static long sameId(List<Long> seen, String who) {
        assertThat(seen).as(who + " was tracked").isNotEmpty();
        assertThat(new java.util.HashSet<>(seen)).as(who + "'s ids").hasSize(1);
        return seen.get(0);
    }

    @Test
    void twoPeopleCrossingOneHidingTheOtherNeverSwapOrMerge() {
        // A walks right, B walks left at the same height; while they overlap only B (in front) is seen:
        // frames 13 to 17, 1 s.
        Tracker t = new Tracker(Tracker.Options.defaults());
        List<Long> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            float ax = 0.10f + 0.02f * i, bx = 0.70f - 0.02f * i; // both at 0.40 at frame 15
            Detection da = walker(ax, 0.40f), db = walker(bx, 0.40f);
            var m = Math.abs(ax - bx) < 0.09f ? ids(t, i, db) : ids(t, i, da, db);
            if (m.containsKey(da)) a.add(m.get(da));
            if (m.containsKey(db)) b.add(m.get(db));
        }
        assertThat(sameId(a, "A")).isNotEqualTo(sameId(b, "B"));
        assertThat(a).hasSize(31 - 2 - 5); // all but its two unconfirmed frames and the five hidden ones
    }

    @Test
    void aPersonHiddenBehindAnotherForOneToThreeSecondsKeepsTheirTrack() {
        for (int hiddenFrames : new int[] {5, 10, 15}) { // 1, 2 and 3 s
            Tracker t = new Tracker(Tracker.Options.defaults());
            List<Long> walker = new ArrayList<>(), stander = new ArrayList<>();
            int start = 0, hideFrom = 12;
            for (int i = start; i < hideFrom + hiddenFrames + 12; i++) {
                Detection s = walker(0.50f, 0.38f);                 // standing still, in front
                Detection w = walker(0.20f + 0.012f * i, 0.40f);    // walking right behind them
                boolean hidden = i >= hideFrom && i < hideFrom + hiddenFrames;
                var m = hidden ? ids(t, i, s) : ids(t, i, s, w);
                if (m.containsKey(w)) walker.add(m.get(w));
                if (m.containsKey(s)) stander.add(m.get(s));
            }
            assertThat(sameId(walker, "the walker, hidden " + hiddenFrames + " frames"))
                    .isNotEqualTo(sameId(stander, "the one standing, " + hiddenFrames));
        }
    }

    @Test
    void aGroupOfThreeStandingStillKeepsThreeTracksThroughFlicker() {
        Tracker t = new Tracker(Tracker.Options.defaults());
        List<List<Long>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 50; i++) {
            List<Detection> ds = new ArrayList<>();
            Detection[] p = new Detection[3];
            for (int k = 0; k < 3; k++) {
                p[k] = walker(0.40f + 0.05f * k + 0.004f * (float) r.nextGaussian(), 0.40f + 0.004f * (float) r.nextGaussian());
                if (i < 5 || r.nextInt(5) != 0) ds.add(p[k]); // each missed in about one frame in five
            }
            var m = ids(t, i, ds.toArray(Detection[]::new));
            for (int k = 0; k < 3; k++) if (m.containsKey(p[k])) seen.get(k).add(m.get(k == 0 ? p[0] : k == 1 ? p[1] : p[2]));
        }
        long a = sameId(seen.get(0), "left"), b = sameId(seen.get(1), "middle"), c = sameId(seen.get(2), "right");
        assertThat(java.util.Set.of(a, b, c)).hasSize(3);
    }

    @Test
    void someoneEnteringWhereAnotherLeftAFewSecondsLaterIsSomeoneElse() {
        Tracker t = new Tracker(Tracker.Options.defaults());
        List<Long> first = new ArrayList<>(), second = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i < 20) { // walks right and out through the right border (its box is clipped there)
                float x = 0.60f + 0.02f * i;
                Detection d = new Detection(0, "person", 0.85f, x, 0.40f, Math.min(0.08f, 1 - x), 0.25f);
                if (d.w > 0.02f) {
                    var m = ids(t, i, d);
                    if (m.containsKey(d)) first.add(m.get(d));
                } else ids(t, i);
            } else if (i < 35) {
                ids(t, i); // nobody for 3 s
            } else { // someone comes in through the right border, walking left
                float x = 0.94f - 0.02f * (i - 35);
                Detection d = new Detection(0, "person", 0.85f, x, 0.40f, Math.min(0.08f, 1 - x), 0.25f);
                var m = ids(t, i, d);
                if (m.containsKey(d)) second.add(m.get(d));
            }
        }
        assertThat(sameId(first, "the one leaving")).isNotEqualTo(sameId(second, "the one entering"));
    }
}
