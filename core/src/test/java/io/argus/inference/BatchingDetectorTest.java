package io.argus.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.RejectReason;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decode, batch and model threads without Flink, on a tiny real ONNX model (16x16, dynamic batch). */
class BatchingDetectorTest {
    private static InferenceOptions options(Path dir, int batch, long waitMs) throws Exception {
        Path model = TinyOnnxModel.write(dir.resolve("tiny.onnx"));
        return InferenceOptions.defaults(model.toString()).toBuilder().modelName("tiny").layout("auto").provider("cpu").intraOpThreads(1)
                .confidenceThreshold(0.5f).batchSize(batch).batchMaxWaitMs(waitMs).modelCalls(1).build();
    }

    private static Frame frame(long id, Random rnd) throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, rnd.nextInt(0x1000000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        Frame f = Frame.jpeg("cam", id, 1000 * id, 16, 16, out.toByteArray());
        return f;
    }

    /** Results per frame id, as they arrive. */
    private static final class Results {
        final Map<Long, List<InferenceResult>> byFrame = new ConcurrentHashMap<>();

        void add(InferenceResult r) {
            byFrame.computeIfAbsent(r.frameId(), k -> new CopyOnWriteArrayList<>()).add(r);
        }

        void awaitFrames(int n) throws InterruptedException {
            long end = System.currentTimeMillis() + 30_000;
            while (byFrame.size() < n && System.currentTimeMillis() < end) Thread.sleep(10);
            assertThat(byFrame).as("frames with a result").hasSize(n);
        }
    }

    @Test
    void everyFrameGetsExactlyOneResultInBatchesNoLargerThanTheBatchSize(@TempDir Path dir) throws Exception {
        InferenceOptions o = options(dir, 4, 50);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        Results results = new Results();
        try (OnnxDetector det = new OnnxDetector(o);
             BatchingDetector b = new BatchingDetector(o, det, (in, g) -> {
                 batches.add(in.size());
                 return det.detect(in, g);
             }, new BatchingDetector.Listener() {}, "test")) {
            Random rnd = new Random(7);
            for (long id = 1; id <= 10; id++) b.submit(frame(id, rnd), results::add);
            Frame broken = frame(11, rnd);
            broken.jpeg = new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3};
            b.submit(broken, results::add);
            results.awaitFrames(11);
            Thread.sleep(100); // a second result, if any, would have arrived by now
            assertThat(results.byFrame.values()).allSatisfy(rs -> assertThat(rs).hasSize(1));
            assertThat(results.byFrame.get(11L).get(0).failure).isEqualTo(RejectReason.DECODE_FAILED.code());
            for (long id = 1; id <= 10; id++) {
                InferenceResult r = results.byFrame.get(id).get(0);
                assertThat(r.ok()).as("frame %d", id).isTrue();
                assertThat(r.modelId).isEqualTo(det.modelId());
                assertThat(r.batchSize).isBetween(1, 4);
            }
            assertThat(batches).allSatisfy(n -> assertThat(n).isBetween(1, 4));
            assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
            assertThat(b.inFlight()).isZero();
            assertThat(b.buffersAllocated()).isBetween(1, 11);
        }
    }

    @Test
    void aTimedOutFrameCompletesOnceEvenWhenTheModelAnswersLater(@TempDir Path dir) throws Exception {
        InferenceOptions o = options(dir, 1, 0);
        CountDownLatch release = new CountDownLatch(1);
        Results results = new Results();
        try (OnnxDetector det = new OnnxDetector(o);
             BatchingDetector b = new BatchingDetector(o, det, (in, g) -> {
                 release.await(30, TimeUnit.SECONDS);
                 return det.detect(in, g);
             }, new BatchingDetector.Listener() {}, "test")) {
            BatchingDetector.Ticket t = b.submit(frame(1, new Random(1)), results::add);
            long end = System.currentTimeMillis() + 10_000;
            while (b.longestCallMs() == 0 && System.currentTimeMillis() < end) Thread.sleep(5);
            assertThat(b.longestCallMs()).as("the model call is running").isPositive();
            b.timeout(t);
            release.countDown();
            results.awaitFrames(1);
            Thread.sleep(200);
            assertThat(results.byFrame.get(1L)).hasSize(1);
            assertThat(results.byFrame.get(1L).get(0).failure).isEqualTo(RejectReason.INFERENCE_TIMEOUT.code());
            assertThat(b.inFlight()).isZero();
        }
    }

    @Test
    void aFailingModelCallFailsItsFramesAndTheNextFramesRunAgain(@TempDir Path dir) throws Exception {
        InferenceOptions o = options(dir, 1, 0);
        Results results = new Results();
        List<String> skipped = new CopyOnWriteArrayList<>();
        try (OnnxDetector det = new OnnxDetector(o);
             BatchingDetector b = new BatchingDetector(o, det, (in, g) -> {
                 if (results.byFrame.isEmpty()) throw new IllegalStateException("the model fell over");
                 return det.detect(in, g);
             }, new BatchingDetector.Listener() {
                 @Override
                 public void skipped(String reason) {
                     skipped.add(reason);
                 }
             }, "test")) {
            Random rnd = new Random(3);
            b.submit(frame(1, rnd), results::add);
            results.awaitFrames(1);
            b.submit(frame(2, rnd), results::add);
            results.awaitFrames(2);
            assertThat(results.byFrame.get(1L).get(0).failure).isEqualTo(RejectReason.INFERENCE_FAILED.code());
            assertThat(results.byFrame.get(1L).get(0).failureDetail).isEqualTo("the model fell over");
            assertThat(results.byFrame.get(2L).get(0).ok()).isTrue();
            assertThat(skipped).containsExactly(RejectReason.INFERENCE_FAILED.code());
        }
    }
}
