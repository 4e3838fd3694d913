package io.argus.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.config.CameraSpec.Point;
import io.argus.config.CameraSpec;
import io.argus.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Episodes and actions on hand-made sequences with hand-computed expectations. */
class CameraSceneTest {
    // The right half of the frame, below y = 0.5 (the "door" area).
    private static final CameraSpec.Zone DOOR = new CameraSpec.Zone("door",
            List.of(new Point(0.5, 0.5), new Point(1, 0.5), new Point(1, 1), new Point(0.5, 1)));
    // A horizontal line at y = 0.7, drawn left to right: A above, B below.
    private static final CameraSpec.Line THRESHOLD = new CameraSpec.Line("threshold", new Point(0, 0.7), new Point(1, 0.7));

    private final List<Episode> episodes = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();

    private CameraScene scene(CameraScene.Options o) {
        return new CameraScene("cam", "m:1", List.of(DOOR), List.of(THRESHOLD), o);
    }

    private void collect(CameraScene.Output out) {
        episodes.addAll(out.episodes());
        actions.addAll(out.actions());
    }

    /** A person box whose foot point (bottom centre) is at (fx, fy). */
    private static Detection foot(String label, double fx, double fy) {
        return new Detection(0, label, 0.9f, (float) (fx - 0.05), (float) (fy - 0.3), 0.1f, 0.3f);
    }

    private List<String> types() {
        return actions.stream().map(a -> a.type.text()).toList();
    }

    @Test
    void anEpisodeOpensAfterTheDebounceIsUpsertedOnACadenceAndClosesOnce() {
        CameraScene s = scene(CameraScene.Options.defaults());
        // 25 s walking slowly along the top of the frame (no zone, no line), 10 frames/s.
        for (int i = 0; i < 250; i++) collect(s.onFrame(i * 100L, i, List.of(foot("person", 0.1 + 0.001 * i, 0.3))));
        // Opens at 1.0 s (seen since 0 ms, debounce 1 s), then every 10 s: at 1.0, 11.0, 21.0 s.
        assertThat(episodes).extracting(e -> e.endedAt).containsExactly(1000L, 11000L, 21000L);
        assertThat(episodes).allMatch(e -> e.status == EpisodeStatus.OPEN && e.startedAt == 0 && e.label.equals("person"));
        episodes.clear();
        collect(s.onTime(24_900 + 4_999));
        assertThat(episodes).isEmpty();
        assertThat(s.nextDeadline()).isEqualTo(24_900 + 5_000);
        collect(s.onTime(24_900 + 5_000));
        assertThat(episodes).hasSize(1);
        Episode e = episodes.get(0);
        assertThat(e.status).isEqualTo(EpisodeStatus.CLOSED);
        assertThat(e.startedAt).isZero();
        assertThat(e.endedAt).isEqualTo(24_900);
        assertThat(e.frames).isEqualTo(240); // reported from the 3rd frame, counted from the debounce (frame 10) on
        assertThat(e.id).isEqualTo(Episode.idOf("cam", "m:1", e.trackId, 0));
        collect(s.onTime(60_000));
        assertThat(episodes).hasSize(1); // closed exactly once
        assertThat(s.isIdle()).isTrue();
        assertThat(actions).isEmpty();
    }

    @Test
    void aShortFalsePositiveNeverBecomesAnEpisode() {
        CameraScene s = scene(CameraScene.Options.defaults());
        for (int i = 0; i < 8; i++) collect(s.onFrame(i * 100L, i, List.of(foot("dog", 0.2, 0.3)))); // 0.7 s < 1 s debounce
        collect(s.onTime(60_000));
        assertThat(episodes).isEmpty();
        assertThat(s.isIdle()).isTrue();
    }

    @Test
    void aParkedCarForTenMinutesIsOneEpisodeAndOneStationaryAction() {
        CameraScene s = scene(CameraScene.Options.defaults());
        // Parked inside the door zone, 1 frame/s for 10 min, with a little jitter of the box.
        for (int i = 0; i < 600; i++) {
            double jitter = (i % 3) * 0.002;
            collect(s.onFrame(i * 1000L, i, List.of(foot("car", 0.75 + jitter, 0.9))));
        }
        assertThat(episodes.stream().map(e -> e.id).distinct()).hasSize(1);
        // Confirmed at 2 s; inside 3 frames in a row at 4 s; still since 2 s -> stationary at 32 s;
        // in the zone since 4 s -> loitering at 34 s (a still object loiters too). Nothing else for 10 minutes.
        assertThat(types()).containsExactly("zone_enter", "stationary", "loitering");
        assertThat(actions).extracting(a -> a.ts).containsExactly(4_000L, 32_000L, 34_000L);
        assertThat(episodes.get(episodes.size() - 1).stationary).isTrue();
        assertThat(episodes.get(episodes.size() - 1).zones).containsExactly("door");
    }

    @Test
    void aJitteringParkedCarIsReportedStationaryOnce() {
        CameraScene s = scene(CameraScene.Options.defaults());
        // Parked outside zones and lines; every 20 s its box jumps by 3 % (past the 2 % tolerance) and back.
        for (int i = 0; i < 300; i++) {
            double jump = i % 20 == 0 ? 0.03 : 0;
            collect(s.onFrame(i * 1000L, i, List.of(foot("car", 0.2 + jump, 0.3))));
        }
        assertThat(types()).containsExactly("stationary");
    }

    @Test
    void zoneEnterAndExitNeedThreeFramesInARow() {
        CameraScene s = scene(CameraScene.Options.defaults());
        // Walks right along y = 0.6: the foot is in the door zone from x = 0.505 (frame 20) on.
        // Then one frame "outside" (a bad box) must not count as an exit.
        for (int i = 0; i < 30; i++) {
            double x = 0.305 + 0.01 * i;
            double y = i == 25 ? 0.48 : 0.6; // one box a little too high: its foot just outside the zone
            collect(s.onFrame(i * 100L, i, List.of(foot("person", x, y))));
        }
        assertThat(types()).containsExactly("zone_enter");
        // Frames 20, 21, 22 inside: the enter counts at frame 22.
        assertThat(actions.get(0).ts).isEqualTo(2200);
        assertThat(actions.get(0).zone).isEqualTo("door");
        // Then it walks back up and out of the zone.
        for (int i = 30; i < 40; i++) collect(s.onFrame(i * 100L, i, List.of(foot("person", 0.59, 0.6 - 0.03 * (i - 29)))));
        assertThat(types()).containsExactly("zone_enter", "zone_exit");
    }

    @Test
    void lineCrossingHasADirectionAndIgnoresAOneFrameFlicker() {
        CameraScene s = scene(CameraScene.Options.defaults());
        // Walks down the left side (outside the zone) across y = 0.7 at frame 15 (A -> B) ...
        int f = 0;
        for (; f < 30; f++) collect(s.onFrame(f * 100L, f, List.of(foot("person", 0.2, 0.55 + 0.01 * f))));
        assertThat(types()).containsExactly("line_cross");
        assertThat(actions.get(0).data).isEqualTo("{\"direction\":\"A->B\"}");
        assertThat(actions.get(0).ts).isEqualTo(1600); // below from frame 15 on; two frames in a row -> frame 16
        // ... then stands just below the line with one frame flickering above it: no crossing.
        for (; f < 40; f++) collect(s.onFrame(f * 100L, f, List.of(foot("person", 0.2, f == 35 ? 0.69 : 0.72))));
        assertThat(types()).containsExactly("line_cross");
        // ... and walks back up: B -> A.
        for (; f < 50; f++) collect(s.onFrame(f * 100L, f, List.of(foot("person", 0.2, 0.72 - 0.02 * (f - 39)))));
        assertThat(types()).containsExactly("line_cross", "line_cross");
        assertThat(actions.get(1).data).isEqualTo("{\"direction\":\"B->A\"}");
    }

    @Test
    void unconfirmedTracksNeverCrossLines() {
        CameraScene s = scene(CameraScene.Options.defaults());
        // Two frames only (the tracker confirms on the third): above, then below the line.
        collect(s.onFrame(0, 0, List.of(foot("person", 0.2, 0.65))));
        collect(s.onFrame(100, 1, List.of(foot("person", 0.2, 0.75))));
        assertThat(actions).isEmpty();
    }

    @Test
    void crowdingNeedsMoreThanKObjectsForT() {
        CameraScene.Options d = CameraScene.Options.defaults();
        CameraScene s = scene(d.toBuilder().loiterMs(600_000).crowdingCount(3).crowdingMs(5_000).build());
        // Four people standing apart in the door zone (more than 3), for 8 s.
        for (int i = 0; i < 80; i++) {
            List<Detection> four = List.of(foot("person", 0.55, 0.95), foot("person", 0.7, 0.95), foot("person", 0.85, 0.95),
                    foot("person", 0.7, 0.6));
            collect(s.onFrame(i * 100L, i, four));
        }
        List<Action> crowd = actions.stream().filter(a -> a.type == ActionType.CROWDING).toList();
        assertThat(crowd).hasSize(1);
        // In the zone from frame 4 (confirmed at 2, inside 3 frames in a row: 2, 3, 4); crowded from 400 ms, for 5 s.
        assertThat(crowd.get(0).ts).isEqualTo(5400);
        assertThat(crowd.get(0).data).isEqualTo("{\"count\":4,\"since\":400}");
        assertThat(actions.stream().filter(a -> a.type == ActionType.ZONE_ENTER)).hasSize(4);
    }
}
