package io.argus.udf.scene;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.envelope.RejectReason;
import io.argus.frame.DeadLetter;
import io.argus.frame.InferenceResult;
import io.argus.tracking.CameraScene;
import io.argus.tracking.Episode;
import io.argus.tracking.EpisodeStatus;
import io.argus.udf.rollups.RollupInput;
import io.argus.vision.Detection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The scene operator with Flink's test harness: the camera's own time, late frames, ticks, and no state left behind. */
class SceneFunctionHarnessTest {
    private static final long D = 2000;

    /** A frame as the camera clock lets it through: stamped with the camera's event time (newest so far minus D). */
    private static List<InferenceResult> stamped(List<InferenceResult> inArrivalOrder) {
        java.util.Map<String, Long> newest = new java.util.HashMap<>();
        for (InferenceResult r : inArrivalOrder) {
            long n = Math.max(newest.getOrDefault(r.cameraId() + r.modelId, Long.MIN_VALUE), r.captureTs());
            newest.put(r.cameraId() + r.modelId, n);
            r.cameraTime = n - D;
        }
        return inArrivalOrder;
    }

    private static InferenceResult tick(String camera, long time) {
        return InferenceResult.tick(camera, "m:1", 0, time);
    }

    private static InferenceResult frame(String camera, long id, long ts, float x) {
        InferenceResult r = new InferenceResult();
        r.envelope = new FrameEnvelope(camera, id, ts, 640, 480, FrameEnvelope.CONTENT_TYPE_JPEG);
        r.modelId = "m:1";
        r.detections = List.of(new Detection(0, "person", 0.9f, x, 0.4f, 0.1f, 0.3f));
        return r;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InferenceResult, Episode> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new SceneOperator(new SceneFunction(Map.of(), CameraScene.Options.defaults())), SceneFunction::key, Types.STRING);
        h.open();
        return h;
    }

    @Test
    void shuffledFramesMakeOneEpisodeAndAQuietCamerasTickClosesItAndLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            // A person walks for 3 s at 10 frames/s; each half second's frames arrive shuffled (an upload folder).
            List<InferenceResult> frames = new ArrayList<>();
            for (int i = 0; i < 30; i++) frames.add(frame("lobby", i, 1000 + i * 100L, 0.1f + 0.01f * i));
            Random rnd = new Random(3);
            List<InferenceResult> arrival = new ArrayList<>();
            for (int chunk = 0; chunk < 6; chunk++) {
                List<InferenceResult> part = new ArrayList<>(frames.subList(chunk * 5, chunk * 5 + 5));
                Collections.shuffle(part, rnd);
                arrival.addAll(part);
            }
            for (InferenceResult r : stamped(arrival)) h.processElement(r, 0);
            // The camera's time is at 1900 (its newest frame less 2 s): frames after that still wait.
            assertThat(h.getSideOutput(SceneFunction.LATE)).isNull();
            assertThat(h.extractOutputValues()).isEmpty();
            // The camera goes quiet; its ticks move its time by the wall clock: the rest is processed, the episode closes ...
            h.processElement(tick("lobby", 3900 + 5000), 0);
            // In order despite the shuffle: one track, one episode.
            List<Episode> out = h.extractOutputValues();
            assertThat(out).extracting(e -> e.trackId).containsOnly(io.argus.tracking.Tracker.trackId(1000, 0));
            assertThat(out.get(out.size() - 1).status).isEqualTo(EpisodeStatus.CLOSED);
            assertThat(out.get(out.size() - 1).endedAt).isEqualTo(3900);
            assertThat(out.get(out.size() - 1).frames).isEqualTo(20); // first seen at 1000, opened 1 s later
            assertThat(out.stream().filter(e -> e.status == EpisodeStatus.CLOSED)).hasSize(1);
            // ... the rollups were told, with the episode counted once ...
            List<RollupInput> rollups = new ArrayList<>();
            h.getSideOutput(SceneFunction.ROLLUPS).forEach(r -> rollups.add(r.getValue()));
            assertThat(rollups.stream().filter(r -> r.kind == RollupInput.Kind.OBJECTS)).hasSize(30);
            assertThat(rollups.stream().filter(r -> r.kind == RollupInput.Kind.EPISODE)).singleElement()
                    .satisfies(r -> assertThat(r.ts).isEqualTo(1000));
            RollupInput last = rollups.get(rollups.size() - 1);
            assertThat(List.of(last.kind, last.ts, last.episodeFloor, last.fromFrames)).containsExactly(RollupInput.Kind.PROGRESS, 8900L, 8901L, false);
            // ... and nothing is left: no keyed state, no timers.
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            // Ticks of a camera with nothing left keep nothing either.
            h.processElement(tick("lobby", 20_000), 0);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void theEpisodeFloorHoldsTheRollupsBackWhileATrackMayStillOpenAnEpisode() throws Exception {
        try (var h = harness()) {
            // A person first seen at 10 000, tracked (confirmed) but without an episode yet (the debounce is 1 s);
            // a frame at 12 500 brings the camera's time to 10 500.
            List<InferenceResult> frames = new ArrayList<>();
            for (int i = 0; i <= 5; i++) frames.add(frame("lobby", i, 10_000 + 100L * i, 0.2f));
            frames.add(frame("lobby", 6, 12_500, 0.2f));
            for (InferenceResult r : stamped(frames)) h.processElement(r, 0);
            List<RollupInput> rollups = new ArrayList<>();
            h.getSideOutput(SceneFunction.ROLLUPS).forEach(r -> rollups.add(r.getValue()));
            RollupInput last = rollups.get(rollups.size() - 1);
            assertThat(last.kind).isEqualTo(RollupInput.Kind.PROGRESS);
            assertThat(last.ts).isEqualTo(10_500);
            assertThat(last.episodeFloor).isEqualTo(10_000);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(last.fromFrames).isTrue();
        }
    }

    @Test
    void aFrameAtOrBehindTheTimeItsCamerasFramesSettledIsDeadLetteredAsLate() throws Exception {
        try (var h = harness()) {
            InferenceResult first = frame("lobby", 1, 12_000, 0.5f);
            first.cameraTime = 10_000;
            h.processElement(first, 0);
            InferenceResult late = frame("lobby", 7, 9_000, 0.5f);
            late.cameraTime = 10_000;
            h.processElement(late, 0);
            var dead = h.getSideOutput(SceneFunction.LATE);
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.peek().getValue();
            assertThat(d.reason).isEqualTo(RejectReason.LATE_FRAME);
            assertThat(d.detail).contains("behind the camera's event time 10000 by 1000 ms");
            assertThat(new String(d.headers.get("frame-id"))).isEqualTo("7");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void camerasAndModelsHaveTheirOwnTracks() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 20; i++) {
                InferenceResult a = frame("lobby", i, i * 100L, 0.1f + 0.01f * i);
                InferenceResult b = frame("yard", i, i * 100L, 0.1f + 0.01f * i);
                InferenceResult c = frame("lobby", i, i * 100L, 0.1f + 0.01f * i);
                c.modelId = "m:2";
                for (InferenceResult r : List.of(a, b, c)) {
                    r.cameraTime = r.captureTs() - D;
                    h.processElement(r, 0);
                }
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<Episode> closed = h.extractOutputValues().stream().filter(e -> e.status == EpisodeStatus.CLOSED).toList();
            assertThat(closed).extracting(e -> e.cameraId + "/" + e.modelId).containsExactlyInAnyOrder("lobby/m:1", "yard/m:1", "lobby/m:2");
            assertThat(closed.stream().map(e -> e.id).distinct()).hasSize(3);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aCheckpointMidEpisodeCarriesTheWorkingSceneAndTheRestoredRunEndsLikeAnUninterruptedOne() throws Exception {
        List<InferenceResult> frames = new ArrayList<>();
        for (int i = 0; i < 30; i++) frames.add(frame("lobby", i, 1000 + i * 100L, 0.1f + 0.01f * i));
        stamped(frames);
        // Uninterrupted.
        List<Episode> reference;
        try (var h = harness()) {
            for (InferenceResult r : frames) h.processElement(r, 0);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            reference = h.extractOutputValues();
        }
        // Stopped after 15 frames with the episode open: the snapshot must hold the scene (the operator
        // writes its working scenes to state just before the barrier) ...
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        List<Episode> out = new ArrayList<>();
        try (var h = harness()) {
            for (InferenceResult r : frames.subList(0, 15)) h.processElement(r, 0);
            h.prepareSnapshotPreBarrier(1); // what a task does before it sends the barrier on
            snapshot = h.snapshot(1, 2500);
            assertThat(h.numKeyedStateEntries()).isPositive();
            out.addAll(h.extractOutputValues());
        }
        // ... and the restored operator goes on from it.
        var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new SceneOperator(new SceneFunction(Map.of(), CameraScene.Options.defaults())), SceneFunction::key, Types.STRING);
        try (restored) {
            restored.initializeState(snapshot);
            restored.open();
            for (InferenceResult r : frames.subList(15, 30)) restored.processElement(r, 0);
            restored.processWatermark(new Watermark(Long.MAX_VALUE));
            out.addAll(restored.extractOutputValues());
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
        Episode last = reference.get(reference.size() - 1);
        assertThat(last.status).isEqualTo(EpisodeStatus.CLOSED);
        Episode resumedLast = out.get(out.size() - 1);
        assertThat(List.of(resumedLast.id, resumedLast.startedAt, resumedLast.endedAt, resumedLast.frames, resumedLast.status))
                .isEqualTo(List.of(last.id, last.startedAt, last.endedAt, last.frames, last.status));
        assertThat(out.stream().filter(e -> e.status == EpisodeStatus.CLOSED)).hasSize(1);
    }
}
