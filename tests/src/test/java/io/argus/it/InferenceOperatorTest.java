package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.argus.TestAssets;
import io.argus.envelope.FrameEnvelope;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.ingest.JpegEncoder;
import io.argus.ingest.VideoFileCamera;
import io.argus.udf.inference.BatchingInferenceFunction;
import io.argus.vision.Detection;
import io.argus.vision.FrameDecoder;
import io.argus.vision.FrameDecoders;
import io.argus.vision.ImageDecoder;
import io.argus.vision.LetterboxGeometry;
import io.argus.vision.LetterboxPreprocessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The async inference operator in a MiniCluster, on real frames with the real model. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InferenceOperatorTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(1, CapturingReporter.configure());

    private static List<Frame> frames;

    @BeforeAll
    static void frames() throws Exception {
        frames = new ArrayList<>();
        long ts = System.currentTimeMillis();
        try (JpegEncoder enc = new JpegEncoder(0.85f)) {
            VideoFileCamera.read(TestAssets.media("vtest.avi"), 2, 0, false, (img, pts) -> {
                int i = frames.size();
                frames.add(new Frame(new FrameEnvelope("cam-" + (i % 3), i, ts + pts / 1000, img.getWidth(), img.getHeight(),
                        FrameEnvelope.CONTENT_TYPE_JPEG), enc.encode(img)));
                return frames.size() < 24;
            });
        }
    }

    private static InferenceOptions options(int batch) {
        return InferenceOptions.defaults(TestAssets.model().toString()).withBatching(batch, 50);
    }

    private static List<InferenceResult> run(List<Frame> in, InferenceOptions o, long timeoutMs, int capacity) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<InferenceResult> out = new ArrayList<>();
        try (CloseableIterator<InferenceResult> it = AsyncDataStream
                .unorderedWait(env.fromData(in), new BatchingInferenceFunction(o), timeoutMs, TimeUnit.MILLISECONDS, capacity)
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static Map<Long, List<Detection>> byFrame(List<InferenceResult> results) {
        Map<Long, List<Detection>> m = new HashMap<>();
        for (InferenceResult r : results) {
            assertThat(r.ok()).as("frame %d: %s", r.frameId(), r.failureDetail).isTrue();
            m.put(r.frameId(), r.detections);
        }
        return m;
    }

    @Test
    void batchedAndUnbatchedRunsGiveTheSameDetectionsAsTheBareModel() throws Exception {
        Map<Long, List<Detection>> one = byFrame(run(frames, options(1), 60_000, 8));
        Map<Long, List<Detection>> four = byFrame(run(frames, options(4), 60_000, 8));
        assertThat(one).hasSize(frames.size());
        assertThat(four.keySet()).isEqualTo(one.keySet());
        OnnxDetector bare = SharedDetectors.acquire(options(1));
        // The bare model on input prepared by the same decoder path as the operator's (argus.inference.decoder).
        try (FrameDecoder decoder = FrameDecoders.open(FrameDecoders.resolve(options(1).decoder()))) {
            LetterboxPreprocessor pre = bare.newPreprocessor();
            float[] input = new float[pre.tensorSize()];
            for (Frame f : frames) {
                LetterboxGeometry g = decoder.decodeLetterboxed(f.jpeg, pre, input, 0);
                List<Detection> expected = bare.detect(List.of(input), List.of(g)).get(0);
                for (List<Detection> got : List.of(one.get(f.frameId()), four.get(f.frameId()))) {
                    assertThat(got).hasSameSizeAs(expected);
                    for (int i = 0; i < got.size(); i++) {
                        assertThat(got.get(i).label).isEqualTo(expected.get(i).label);
                        assertThat(got.get(i).confidence).isCloseTo(expected.get(i).confidence, within(1e-4f));
                        assertThat(got.get(i).x).isCloseTo(expected.get(i).x, within(1e-4f));
                        assertThat(got.get(i).w).isCloseTo(expected.get(i).w, within(1e-4f));
                    }
                }
            }
            assertThat(one.values().stream().filter(d -> d.stream().anyMatch(o -> o.label.equals("person"))).count())
                    .isGreaterThan(frames.size() - 3);
        } finally {
            SharedDetectors.release(bare);
        }
    }

    @Test
    void capacityBoundsTheBuffersAndNothingIsLost() throws Exception {
        // Three times the frames, all available at once: far faster than the model.
        List<Frame> many = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            for (Frame f : frames) {
                var e = f.envelope;
                Frame c = Frame.jpeg(e.cameraId(), e.frameId() + 1000L * k, e.captureTs(), e.width(), e.height(), f.jpeg);
                many.add(c);
            }
        }
        CapturingReporter.clear();
        List<InferenceResult> out = run(many, options(2), 60_000, 3);
        assertThat(out).hasSize(many.size());
        assertThat(out).allMatch(InferenceResult::ok);
        assertThat(out.stream().map(r -> r.frameId()).distinct().count()).isEqualTo(many.size());
        long buffers = CapturingReporter.sum("inferenceBuffersAllocated");
        assertThat(buffers).as("model input buffers held by the operator").isBetween(1L, 3L);
        assertThat(CapturingReporter.sum("framesInferred")).isEqualTo(many.size());
    }

    @Test
    void framesThatTimeOutAreSkippedAndCountedWithoutFailingTheJob() throws Exception {
        CapturingReporter.clear();
        // 1 ms is far less than one model call: every frame times out, the job still ends normally.
        List<InferenceResult> out = run(frames.subList(0, 6), options(1), 1, 6);
        assertThat(out).hasSize(6);
        assertThat(out).allMatch(r -> "inference-timeout".equals(r.failure));
        assertThat(out).allMatch(r -> r.frame != null && r.frame.jpeg.length > 0); // kept for the dead-letter topic
        assertThat(CapturingReporter.sum("inference-timeout.framesSkipped")).isEqualTo(6);
    }

    /** The real operator, but its first model call hangs (a stuck GPU driver, a deadlocked provider). */
    static final class HangingInference extends BatchingInferenceFunction {
        HangingInference(InferenceOptions o, long hardLimitMs) {
            super(o, hardLimitMs, null);
        }

        @Override
        protected List<List<Detection>> runModel(OnnxDetector d, List<float[]> inputs, List<LetterboxGeometry> geometries) throws Exception {
            Thread.sleep(120_000); // until the task is cancelled (it interrupts the model thread)
            return super.runModel(d, inputs, geometries);
        }
    }

    /** Counts model calls running at once (static: the MiniCluster runs in this JVM). */
    static final class OverlapCountingInference extends BatchingInferenceFunction {
        static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();
        static final java.util.concurrent.atomic.AtomicInteger MOST = new java.util.concurrent.atomic.AtomicInteger();

        OverlapCountingInference(InferenceOptions o) {
            super(o);
        }

        @Override
        protected List<List<Detection>> runModel(OnnxDetector d, List<float[]> inputs, List<LetterboxGeometry> geometries) throws Exception {
            MOST.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100); // long enough for the other model thread to start its own call
                return super.runModel(d, inputs, geometries);
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @Test
    void twoModelCallsRunAtOnceAndTheOrderedOperatorKeepsEachCamerasOrder() throws Exception {
        OverlapCountingInference.MOST.set(0);
        InferenceOptions two = options(1).toBuilder().modelCalls(2).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<InferenceResult> out = new ArrayList<>();
        try (CloseableIterator<InferenceResult> it = AsyncDataStream
                .orderedWait(env.fromData(frames), new OverlapCountingInference(two), 60_000, TimeUnit.MILLISECONDS, 8)
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        assertThat(OverlapCountingInference.MOST.get()).as("model calls at once").isEqualTo(2);
        assertThat(out).extracting(r -> r.frameId()).containsExactlyElementsOf(frames.stream().map(f -> f.frameId()).toList());
        assertThat(byFrame(out)).hasSize(frames.size());
    }

    @Test
    void aHungModelCallFailsTheTaskInsteadOfTimingOutEveryFrameForever() throws Exception {
        CapturingReporter.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        org.apache.flink.configuration.Configuration noRestart = new org.apache.flink.configuration.Configuration();
        noRestart.setString("restart-strategy.type", "none");
        env.configure(noRestart);
        long t0 = System.nanoTime();
        // Frames time out after 200 ms; a model call past 1 s is hung: the task fails (here, with no restart
        // strategy, the job; in production Flink restarts it and the restarted task loads a fresh session).
        Throwable failure = null;
        try (CloseableIterator<InferenceResult> it = AsyncDataStream
                .unorderedWait(env.fromData(frames), new HangingInference(options(1), 1000), 200, TimeUnit.MILLISECONDS, 4)
                .executeAndCollect()) {
            it.forEachRemaining(r -> {});
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).as("the job failed").isNotNull();
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof java.util.concurrent.TimeoutException)) root = root.getCause();
        assertThat(root).isInstanceOf(java.util.concurrent.TimeoutException.class)
                .hasMessageContaining("has not returned for").hasMessageContaining("yolov8n").hasMessageContaining("hard limit 1000 ms");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until it failed").isLessThan(60_000);
        assertThat(CapturingReporter.sum("inferenceHungCalls")).isPositive();
        // The hung session is no longer handed out: the next user gets a fresh one.
        assertThat(io.argus.inference.SharedDetectors.users(options(1))).isZero();
    }

    @Test
    void cudaGivesTheSameDetectionsWhereAGpuIsPresent() throws Exception {
        Assumptions.assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "CUDA path not exercised: this ONNX Runtime build has no CUDA provider (build with -Pgpu on a GPU host)");
        InferenceOptions d = options(1);
        InferenceOptions cuda = d.toBuilder().provider("cuda").deviceId(0).batchSize(1).batchMaxWaitMs(0).preprocessThreads(1).build();
        try (OnnxDetector gpu = new OnnxDetector(cuda); OnnxDetector cpu = new OnnxDetector(d)) {
            var img = ImageDecoder.read(TestAssets.media("person.jpg"));
            List<Detection> a = gpu.detect(img), b = cpu.detect(img);
            assertThat(gpu.provider()).startsWith("CUDA");
            assertThat(a).extracting(x -> x.label).isEqualTo(b.stream().map(x -> x.label).toList());
        }
    }
}
