package io.argus.udf.rollups;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tracking.TrackedObject;
import io.argus.vision.Detection;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Rollups with Flink's harness, in the camera's own time: exact buckets, final rows never rewritten partly, nothing left. */
class RollupFunctionHarnessTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private static RollupInput objects(long ts, long frameId, String label, long track, float confidence) {
        Detection d = new Detection(0, label, confidence, 0.1f, 0.1f, 0.1f, 0.1f);
        List<TrackedObject> tracked = track > 0 ? List.of(new TrackedObject(track, d)) : List.of();
        return RollupInput.objects("lobby", "m:1", ts, frameId, List.of(d), tracked);
    }

    private static RollupInput episode(String id, long startedAt) {
        RollupInput r = new RollupInput();
        r.kind = RollupInput.Kind.EPISODE;
        r.cameraId = "lobby";
        r.modelId = "m:1";
        r.label = "person";
        r.ts = startedAt;
        r.episodeId = id;
        return r;
    }

    private static RollupInput progress(long ts, long floor, boolean fromFrames) {
        return RollupInput.progress("lobby", "m:1", ts, floor, fromFrames);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RollupInput, RollupRow> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new RollupFunction(ZoneOffset.UTC, 30_000)),
                RollupInput::key, Types.STRING);
        h.open();
        return h;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, RollupInput, RollupRow> h, RollupInput... in) throws Exception {
        for (RollupInput r : in) h.processElement(r, 0);
    }

    private static List<String> rows(KeyedOneInputStreamOperatorTestHarness<String, RollupInput, RollupRow> h, String granularity) {
        List<String> out = new ArrayList<>();
        for (RollupRow r : h.extractOutputValues()) {
            if (r.granularity.equals(granularity)) out.add(r.label + "@" + r.bucket + ":" + r.detections + "/" + r.episodesStarted);
        }
        return out;
    }

    @Test
    void aParkedTruckOverAnHourBoundaryCountsInEachHourOnceAndTheFirstHourIsNeverRewrittenWithZeros() throws Exception {
        try (var h = harness()) {
            // A truck in view from 00:30 to 01:30, one frame every 10 s; its episode opened at 00:30 and stays open.
            RollupInput opened = episode("truck-1", HOUR / 2);
            opened.label = "truck";
            feed(h, opened);
            for (long ts = HOUR / 2, id = 0; ts < HOUR + HOUR / 2; ts += 10_000, id++) {
                feed(h, objects(ts, id, "truck", 7, 0.5f), progress(ts, ts + 1, true));
            }
            // The first hour was written once, when the camera's time passed it, and never again.
            assertThat(rows(h, "hourly")).containsExactly("truck@0:180/1");
            h.processWatermark(new Watermark(Long.MAX_VALUE)); // end of input: the rest is final
            assertThat(rows(h, "hourly")).containsExactly("truck@0:180/1", "truck@" + HOUR + ":180/0");
            assertThat(rows(h, "daily")).containsExactly("truck@0:360/1");
            List<RollupRow> hours = h.extractOutputValues().stream().filter(r -> r.granularity.equals("hourly")).toList();
            RollupRow first = hours.get(0), second = hours.get(1);
            // 180 sightings 10 s apart: 179 gaps in the first hour, 180 in the second (one across the boundary).
            assertThat(first.timeInViewS).isEqualTo(1790.0);
            assertThat(second.timeInViewS).isEqualTo(1800.0);
            assertThat(second.maxConcurrent).isEqualTo(1);
            assertThat(second.frames).isEqualTo(180);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anHourWaitsForAnEpisodeThatMayStillOpenInItAndEachEpisodeCountsOnce() throws Exception {
        try (var h = harness()) {
            feed(h, episode("e1", 1000), episode("e2", 2000), objects(HOUR - 5000, 1, "person", 3, 0.8f));
            // Time is past the hour, but a track first seen at HOUR - 5 s has no episode yet.
            feed(h, progress(HOUR + 500, HOUR - 5000, true));
            assertThat(rows(h, "hourly")).isEmpty();
            // Its episode opens, started in the first hour: it counts there.
            feed(h, episode("e3", HOUR - 5000), progress(HOUR + 1000, HOUR + 1001, true));
            assertThat(rows(h, "hourly")).containsExactly("person@0:1/3");
            // The next hour's episode goes to the next hour; the day counts all four once.
            feed(h, episode("e4", HOUR + 5000), progress(DAY + 1, DAY + 2, true));
            assertThat(rows(h, "hourly")).containsExactly("person@0:1/3", "person@" + HOUR + ":0/1");
            assertThat(rows(h, "daily")).containsExactly("person@0:1/4");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aQuietCamerasTicksWriteTheHourAFrameThatStillComesRewritesItWholeAndAFinalRowIsNeverTouched() throws Exception {
        try (var h = harness()) {
            feed(h, objects(HOUR - 60_000, 1, "person", 1, 1f), progress(HOUR - 60_000, HOUR - 59_999, true));
            // Quiet: ticks by the wall clock take the camera past the hour; its row is written on time.
            feed(h, progress(HOUR + 10_000, HOUR + 10_001, false));
            assertThat(rows(h, "hourly")).containsExactly("person@0:1/0");
            // A stalled partition catches up: a frame of that hour still arrives; the row is written again, whole.
            feed(h, objects(HOUR - 30_000, 2, "person", 1, 1f), progress(HOUR - 30_000, HOUR - 29_999, true));
            feed(h, progress(HOUR + 20_000, HOUR + 20_001, false));
            assertThat(rows(h, "hourly")).containsExactly("person@0:1/0", "person@0:2/0");
            // Frames take the camera past the hour: final. An input for it now is refused and counted, not written.
            feed(h, objects(HOUR + 1000, 3, "person", 1, 1f), progress(HOUR + 1000, HOUR + 1001, true));
            feed(h, objects(HOUR - 10_000, 4, "person", 1, 1f), progress(HOUR + 30_000, HOUR + 30_001, false));
            assertThat(rows(h, "hourly")).containsExactly("person@0:1/0", "person@0:2/0");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(rows(h, "hourly")).containsExactly("person@0:1/0", "person@0:2/0", "person@" + HOUR + ":1/0");
            assertThat(rows(h, "daily")).containsExactly("person@0:3/0"); // the refused frame is in neither
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
