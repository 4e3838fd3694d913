package io.argus.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.frame.InferenceResult;
import io.argus.tracking.CameraScene;
import io.argus.tracking.Episode;
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

/** The scene operator with Flink's test harness: event-time order, late frames, and no state left behind. */
class SceneFunctionHarnessTest {
    private static InferenceResult frame(String camera, long id, long ts, float x) {
        InferenceResult r = new InferenceResult();
        r.cameraId = camera;
        r.modelId = "m:1";
        r.frameId = id;
        r.captureTs = ts;
        r.width = 640;
        r.height = 480;
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
    void outOfOrderFramesMakeOneEpisodeAndAQuietCameraLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            // A person walks for 3 s at 10 frames/s; async inference delivers each half second's frames shuffled.
            List<InferenceResult> frames = new ArrayList<>();
            for (int i = 0; i < 30; i++) frames.add(frame("lobby", i, 1000 + i * 100L, 0.1f + 0.01f * i));
            Random rnd = new Random(3);
            for (int chunk = 0; chunk < 6; chunk++) {
                List<InferenceResult> part = new ArrayList<>(frames.subList(chunk * 5, chunk * 5 + 5));
                Collections.shuffle(part, rnd);
                for (InferenceResult r : part) h.processElement(r, r.captureTs);
                h.processWatermark(new Watermark(1000 + chunk * 500L + 499));
            }
            // In order despite the shuffle: one track, one episode (open, then closed).
            assertThat(h.getSideOutput(SceneFunction.LATE)).isNull();
            assertThat(h.extractOutputValues()).extracting(e -> e.trackId).containsOnly(1L);
            // The camera goes quiet; event time moves on (other cameras, idleness): the episode closes ...
            h.processWatermark(new Watermark(1000 + 2900 + 5000));
            List<Episode> out = h.extractOutputValues();
            assertThat(out.get(out.size() - 1).status).isEqualTo("closed");
            assertThat(out.get(out.size() - 1).endedAt).isEqualTo(3900);
            assertThat(out.stream().filter(e -> e.status.equals("closed"))).hasSize(1);
            // ... and nothing is left: no keyed state, no timers.
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aFrameBehindTheWatermarkIsDeadLetteredAsLate() throws Exception {
        try (var h = harness()) {
            h.processWatermark(new Watermark(10_000));
            InferenceResult late = frame("lobby", 7, 9_000, 0.5f);
            h.processElement(late, late.captureTs);
            var dead = h.getSideOutput(SceneFunction.LATE);
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.peek().getValue();
            assertThat(d.reason).isEqualTo("late-frame");
            assertThat(d.detail).contains("behind event time 10000 by 1000 ms");
            assertThat(new String(d.headers.get("frame-id"))).isEqualTo("7");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.extractOutputValues()).isEmpty();
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
                h.processElement(a, a.captureTs);
                h.processElement(b, b.captureTs);
                h.processElement(c, c.captureTs);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<Episode> closed = h.extractOutputValues().stream().filter(e -> e.status.equals("closed")).toList();
            assertThat(closed).extracting(e -> e.cameraId + "/" + e.modelId).containsExactlyInAnyOrder("lobby/m:1", "yard/m:1", "lobby/m:2");
            assertThat(closed.stream().map(e -> e.id).distinct()).hasSize(3);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aCheckpointMidEpisodeCarriesTheWorkingSceneAndTheRestoredRunEndsLikeAnUninterruptedOne() throws Exception {
        List<InferenceResult> frames = new ArrayList<>();
        for (int i = 0; i < 30; i++) frames.add(frame("lobby", i, 1000 + i * 100L, 0.1f + 0.01f * i));
        // Uninterrupted.
        List<Episode> reference;
        try (var h = harness()) {
            for (InferenceResult r : frames) {
                h.processElement(r, r.captureTs);
                h.processWatermark(new Watermark(r.captureTs));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            reference = h.extractOutputValues();
        }
        // Stopped after 15 frames with the episode open: the snapshot must hold the scene (the operator
        // writes its working scenes to state just before the barrier) ...
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        List<Episode> out = new ArrayList<>();
        try (var h = harness()) {
            for (InferenceResult r : frames.subList(0, 15)) {
                h.processElement(r, r.captureTs);
                h.processWatermark(new Watermark(r.captureTs));
            }
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
            for (InferenceResult r : frames.subList(15, 30)) {
                restored.processElement(r, r.captureTs);
                restored.processWatermark(new Watermark(r.captureTs));
            }
            restored.processWatermark(new Watermark(Long.MAX_VALUE));
            out.addAll(restored.extractOutputValues());
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
        Episode last = reference.get(reference.size() - 1);
        assertThat(last.status).isEqualTo("closed");
        Episode resumedLast = out.get(out.size() - 1);
        assertThat(List.of(resumedLast.id, resumedLast.startedAt, resumedLast.endedAt, resumedLast.frames, resumedLast.status))
                .isEqualTo(List.of(last.id, last.startedAt, last.endedAt, last.frames, last.status));
        assertThat(out.stream().filter(e -> e.status.equals("closed"))).hasSize(1);
    }
}
