package io.argus.udf.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.frame.Frame;
import io.argus.media.ClipRow;
import io.argus.media.MediaOptions;
import io.argus.media.SnapshotRenderer;
import io.argus.media.SnapshotRow;
import io.argus.tracking.Episode;
import io.argus.tracking.EpisodeStatus;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media operator with Flink's two-input harness: what it writes, when, and that it leaves no state or timers. */
class EpisodeMediaHarnessTest {
    private static Frame frame(long id, long ts) throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(10 * (int) id, 100, 100));
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        Frame f = Frame.jpeg("cam", id, ts, 320, 240, SnapshotRenderer.jpeg(img, 0.8f));
        return f;
    }

    private static Episode episode(EpisodeStatus status, long ended, long best) {
        Episode e = new Episode();
        e.id = Episode.idOf("cam", "m:1", 1, 1000);
        e.cameraId = "cam";
        e.modelId = "m:1";
        e.trackId = 1;
        e.label = "person";
        e.startedAt = 1000;
        e.endedAt = ended;
        e.status = status;
        e.bestFrameId = best;
        e.peakConfidence = 0.8f;
        e.bestX = 0.25f;
        e.bestY = 0.25f;
        e.bestW = 0.5f;
        e.bestH = 0.5f;
        return e;
    }

    @Test
    void openSnapshotThenFinalSnapshotAndClipThenNothingLeft(@TempDir Path dir) throws Exception {
        MediaOptions o = MediaOptions.builder().dir(dir.toString()).preRollMs(1_000).postRollMs(1_000).bufferMaxAgeMs(60_000)
                .bufferBudgetBytes(256L << 20).maxPending(4).writeRetries(0).retentionMaxAgeMs(0).retentionMaxBytesPerCamera(0)
                .retentionIntervalMs(60_000).build();
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, Frame, Episode, SnapshotRow>(
                new EpisodeMediaOperator(new EpisodeMediaFunction(o, null)), EpisodeMediaFunction::key, EpisodeMediaFunction::key, Types.STRING)) {
            h.open();
            // 2 frames/s from 0 to 4.5 s; the episode runs 1 .. 3 s.
            // Each frame carries the camera's time (its newest capture less 2 s); the camera's ticks move it on.
            for (int i = 0; i < 10; i++) {
                Frame f = frame(i, i * 500L);
                f.cameraTime = f.captureTs() - 2000;
                h.processElement1(f, 0);
            }
            h.processElement2(episode(EpisodeStatus.OPEN, 2000, 2), 0);
            assertThat(h.numKeyedStateEntries()).isPositive(); // due at 2 s, the camera is at 2.5 s: the next tick does it
            h.processElement1(Frame.tick("cam", 9, 2500), 0);
            h.processElement2(episode(EpisodeStatus.CLOSED, 3000, 4), 0);
            h.processElement1(Frame.tick("cam", 9, 10_000), 0);
            h.prepareSnapshotPreBarrier(1); // waits for the writers and emits their rows

            List<SnapshotRow> snaps = h.extractOutputValues();
            assertThat(snaps).extracting(r -> r.frameId, r -> r.isFinal).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2L, false), org.assertj.core.groups.Tuple.tuple(4L, true));
            assertThat(snaps.get(1).ts).isEqualTo(2000);
            String folder = "cam/1970-01-01/" + episode(EpisodeStatus.OPEN, 0, 0).id + "/";
            assertThat(snaps.get(1).uri).endsWith(folder + "snapshot.jpg");
            assertThat(snaps.get(1).bytes).isEqualTo(Files.size(dir.resolve(folder + "snapshot.jpg")) + Files.size(dir.resolve(folder + "thumbnail.jpg")));

            var clips = h.getSideOutput(EpisodeMediaFunction.CLIPS);
            assertThat(clips).hasSize(1);
            ClipRow c = clips.peek().getValue();
            // Pre-roll 1 s before 1 s, post-roll 1 s after 3 s: frames at 0 .. 4 s, 9 of them, 4.5 s long.
            assertThat(c.frames).isEqualTo(9);
            assertThat(c.startTs).isZero();
            assertThat(c.durationMs).isEqualTo(4_500);
            assertThat(Files.size(dir.resolve(folder + "clip.mp4"))).isEqualTo(c.bytes).isPositive();

            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * Heap in use after full collections (the least of three). A System.gc() the JVM skipped (one is
     * put off while a thread holds an array in native code, as the JPEG and clip writers do) would
     * measure every frame allocated since the last collection, so only calls after which a full
     * collector's count went up are measurements.
     */
    private static long heapUsedAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        int measured = 0;
        for (int attempt = 0; attempt < 200 && measured < 3; attempt++) {
            long before = fullCollections();
            System.gc();
            if (fullCollections() == before) {
                Thread.sleep(10);
                continue;
            }
            measured++;
            least = Math.min(least, java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        assertThat(measured).as("full collections that ran, out of 200 System.gc() calls").isPositive();
        return least;
    }

    /** Collections by the old-generation (full) collectors: G1 Old Generation, MarkSweepCompact, PS MarkSweep. */
    private static long fullCollections() {
        long n = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName();
            if (!name.contains("Young") && !name.contains("Scavenge") && !name.equals("Copy")) n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /**
     * 200 cameras at 1 frame/s for 3 min, each frame its own copy of a real 160 KB JPEG: without the
     * shared budget the per-camera bounds alone would keep 200 x 120 frames (3.8 GB, more than this JVM
     * has); with a 160 MB one, the heap in use stays within the budget plus a margin, and an episode on one of
     * the cameras still gets its snapshot and clip.
     */
    @Test
    void twoHundredCamerasStayWithinTheSharedBudget(@TempDir Path dir) throws Exception {
        byte[] jpeg = Files.readAllBytes(io.argus.TestAssets.media("dog.jpg"));
        long budget = 160L << 20; // a thousand of these frames: 5 s per camera
        MediaOptions o = MediaOptions.builder().dir(dir.toString()).preRollMs(1_000).postRollMs(1_000).bufferMaxAgeMs(120_000)
                .bufferBudgetBytes(budget).maxPending(4).writeRetries(0).retentionMaxAgeMs(0).retentionMaxBytesPerCamera(0)
                .retentionIntervalMs(60_000).build();
        long baseline = heapUsedAfterGc();
        long peak = 0;
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, Frame, Episode, SnapshotRow>(
                new EpisodeMediaOperator(new EpisodeMediaFunction(o, null)), EpisodeMediaFunction::key, EpisodeMediaFunction::key, Types.STRING)) {
            h.open();
            for (int s = 0; s < 180; s++) {
                for (int c = 0; c < 200; c++) {
                    Frame f = Frame.jpeg("cam-" + c, s, 1_000_000 + s * 1000L, 576, 768, java.util.Arrays.copyOf(jpeg, jpeg.length));
                    f.cameraTime = f.captureTs(); // no disorder allowed: the clip below fits in 5 s
                    h.processElement1(f, 0);
                }
                if (s == 168) { // an episode on cam-7 from 167 to 168 s, closed; its media are due at 169 s
                    Episode e = episode(EpisodeStatus.CLOSED, 1_000_000 + 168_000, 168);
                    e.cameraId = "cam-7";
                    e.startedAt = 1_000_000 + 167_000;
                    e.id = Episode.idOf("cam-7", "m:1", 1, e.startedAt);
                    h.processElement2(e, 0);
                }
                if (s % 30 == 29) {
                    peak = Math.max(peak, heapUsedAfterGc() - baseline);
                }
            }
            h.processElement1(Frame.tick("cam-7", 179, 1_000_000 + 200_000), 0);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).extracting(r -> r.frameId, r -> r.isFinal)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(168L, true));
            // Pre-roll 1 s, post-roll 1 s: frames at 166 .. 169 s of cam-7, still buffered at 169 s.
            assertThat(h.getSideOutput(EpisodeMediaFunction.CLIPS)).singleElement().satisfies(r -> assertThat(r.getValue().frames).isEqualTo(4));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
        assertThat(peak).as("heap in use beyond the baseline, after GC").isLessThan(budget + (48L << 20));
    }
}
