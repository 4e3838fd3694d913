package io.argus.udf.inference;

import io.argus.envelope.RejectReason;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.vision.Detection;
import io.argus.vision.FrameDecoder;
import io.argus.vision.FrameDecoders;
import io.argus.vision.LetterboxGeometry;
import io.argus.vision.LetterboxPreprocessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object detection as an async operator, in two overlapping stages so the model never waits for
 * JPEG decoding: preprocessing threads decode and letterbox each frame into a pooled input buffer;
 * each of {@code modelCalls} model threads takes up to {@code batchSize} prepared frames, or what was
 * ready within {@code batchMaxWait} of the first, and runs one model call for the batch (or one call
 * each when the model's batch dimension is fixed at 1) on the shared session. Results may finish out
 * of order between model threads; the ordered async operator puts them back in order. The async operator's capacity bounds the frames in
 * flight, and so the pooled buffers: a slow model back-pressures Kafka instead of growing the heap.
 *
 * <p>A frame that cannot be decoded, fails in the model, or outlives the operator timeout completes
 * with a failed {@link InferenceResult} (counted by reason); it never fails the job.
 */
public class BatchingInferenceFunction extends RichAsyncFunction<Frame, InferenceResult> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingInferenceFunction.class);

    private final InferenceOptions options;
    /** A model call running longer than this fails the task (0: never); see {@link #timeout}. */
    private final long hardLimitMs;

    private transient OnnxDetector detector;
    private transient BlockingQueue<Pending> queue;
    private transient ExecutorService preprocessors;
    private transient ThreadLocal<LetterboxPreprocessor> preprocessor;
    private transient String decoderPath;
    private transient ThreadLocal<FrameDecoder> decoder;
    /** Every decoder the preprocessing threads opened, to close their native state with the operator. */
    private transient Queue<FrameDecoder> openDecoders;
    private transient Queue<float[]> freeBuffers;
    private transient AtomicInteger buffersAllocated;
    private transient Map<ResultFuture<InferenceResult>, Pending> inFlight;
    private transient List<Thread> workers;
    private transient volatile boolean running;
    private transient Counter framesInferred;
    private transient Counter framesDecoded;
    private transient Counter batches;
    private transient Map<String, Counter> skippedByReason;
    private transient MetricGroup metrics;
    private transient Histogram inferenceMs;
    private transient Histogram preprocessMs;
    private transient volatile int lastBatchSize;
    /** Per model thread, System.nanoTime() when its running call started; 0 while none runs. */
    private transient AtomicLongArray callStartedNanos;
    private transient Counter hungCalls;

    public BatchingInferenceFunction(InferenceOptions options) {
        this(options, 0);
    }

    /** @param hardLimitMs a model call that has not returned after this fails the task, so Flink restarts it (0: never) */
    public BatchingInferenceFunction(InferenceOptions options, long hardLimitMs) {
        this.options = options;
        this.hardLimitMs = hardLimitMs;
    }

    /** A queued request; claimed exactly once, by completion or by timeout. */
    private static final class Pending {
        final Frame frame;
        final ResultFuture<InferenceResult> future;
        final long enqueuedNanos;
        final AtomicBoolean claimed = new AtomicBoolean();
        float[] input;
        LetterboxGeometry geometry;
        long preprocessNanos;

        Pending(Frame frame, ResultFuture<InferenceResult> future, long enqueuedNanos) {
            this.frame = frame;
            this.future = future;
            this.enqueuedNanos = enqueuedNanos;
        }
    }

    @Override
    public void open(OpenContext openContext) {
        detector = SharedDetectors.acquire(options);
        queue = new LinkedBlockingQueue<>();
        inFlight = new ConcurrentHashMap<>();
        freeBuffers = new ConcurrentLinkedQueue<>();
        buffersAllocated = new AtomicInteger();
        preprocessor = ThreadLocal.withInitial(detector::newPreprocessor);
        decoderPath = FrameDecoders.resolve(options.decoder());
        openDecoders = new ConcurrentLinkedQueue<>();
        decoder = ThreadLocal.withInitial(() -> {
            FrameDecoder d = FrameDecoders.open(decoderPath);
            openDecoders.add(d);
            return d;
        });
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        AtomicInteger n = new AtomicInteger();
        preprocessors = Executors.newFixedThreadPool(options.preprocessThreads(), r -> {
            Thread t = new Thread(r, "argus-preprocess-" + subtask + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics = getRuntimeContext().getMetricGroup().addGroup("argus");
        framesInferred = metrics.counter("framesInferred");
        // Incremented by the preprocessing threads, hence thread-safe.
        framesDecoded = metrics.counter("framesDecoded", new ThreadSafeSimpleCounter());
        batches = metrics.counter("inferenceBatches");
        hungCalls = metrics.counter("inferenceHungCalls");
        skippedByReason = new ConcurrentHashMap<>();
        inferenceMs = metrics.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1024));
        preprocessMs = metrics.histogram("preprocessLatencyMs", new DescriptiveStatisticsHistogram(1024));
        metrics.gauge("inferenceBatchSize", () -> lastBatchSize);
        metrics.gauge("inferenceQueueLength", () -> queue.size());
        metrics.gauge("inferenceInFlight", () -> inFlight.size());
        metrics.gauge("detectionsRejectedNotANumber", () -> detector.rejectedBoxes());
        // Each buffer holds one model input (4.9 MB at 640x640): this is the operator's memory, bounded by its capacity.
        metrics.gauge("inferenceBuffersAllocated", () -> buffersAllocated.get());
        running = true;
        callStartedNanos = new AtomicLongArray(options.modelCalls());
        workers = new ArrayList<>();
        for (int w = 0; w < options.modelCalls(); w++) {
            int index = w;
            Thread t = new Thread(() -> runWorker(index), "argus-inference-" + subtask + "-" + (w + 1));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    @Override
    public void asyncInvoke(Frame frame, ResultFuture<InferenceResult> resultFuture) {
        if (frame.tick) {
            // A quiet camera's progress marker: no image, straight through (in order behind its frames).
            InferenceResult r = InferenceResult.of(frame);
            r.modelId = detector.modelId();
            resultFuture.complete(Collections.singletonList(r));
            return;
        }
        Pending p = new Pending(frame, resultFuture, System.nanoTime());
        inFlight.put(resultFuture, p);
        preprocessors.execute(() -> prepare(p));
    }

    /** Decode and letterbox on a preprocessing thread, then hand over to the model thread. */
    private void prepare(Pending p) {
        if (p.claimed.get()) return; // timed out while waiting
        long t0 = System.nanoTime();
        LetterboxPreprocessor pre = preprocessor.get();
        float[] buf = freeBuffers.poll();
        if (buf == null || buf.length != pre.tensorSize()) {
            buf = new float[pre.tensorSize()];
            buffersAllocated.incrementAndGet();
        }
        try {
            p.geometry = decoder.get().decodeLetterboxed(p.frame.jpeg, pre, buf, 0);
        } catch (IOException e) {
            freeBuffers.add(buf);
            fail(p, RejectReason.DECODE_FAILED, e.getMessage());
            return;
        } catch (RuntimeException e) {
            freeBuffers.add(buf);
            fail(p, RejectReason.DECODE_FAILED, "cannot prepare image: " + e);
            return;
        }
        p.input = buf;
        p.preprocessNanos = System.nanoTime() - t0;
        framesDecoded.inc();
        queue.add(p);
    }

    @Override
    public void timeout(Frame frame, ResultFuture<InferenceResult> resultFuture) {
        long started = oldestCallStart();
        long runningMs = started == 0 ? 0 : (System.nanoTime() - started) / 1_000_000;
        if (hardLimitMs > 0 && runningMs > hardLimitMs) {
            // A hung model call would time out every later frame, forever: fail the task so Flink restarts it,
            // and let the restarted task load a fresh session instead of this one.
            hungCalls.inc();
            String why = "model " + detector.modelId() + " on " + detector.provider() + " has not returned for " + runningMs
                    + " ms (hard limit " + hardLimitMs + " ms, 10x argus.inference.timeout): failing the task so that Flink restarts it";
            LOG.error(why);
            SharedDetectors.abandon(detector);
            resultFuture.completeExceptionally(new java.util.concurrent.TimeoutException(why));
            return;
        }
        Pending p = inFlight.remove(resultFuture);
        if (p != null && p.claimed.compareAndSet(false, true)) {
            double waited = (System.nanoTime() - p.enqueuedNanos) / 1e6;
            complete(p, InferenceResult.failed(frame, RejectReason.INFERENCE_TIMEOUT,
                    String.format("no result after %.0f ms (queue %d)", waited, queue.size())));
        }
    }

    /** When the longest-running model call started; 0 while none runs. */
    private long oldestCallStart() {
        long oldest = 0;
        for (int i = 0; i < callStartedNanos.length(); i++) {
            long t = callStartedNanos.get(i);
            if (t != 0 && (oldest == 0 || t < oldest)) oldest = t;
        }
        return oldest;
    }

    private void runWorker(int index) {
        List<Pending> batch = new ArrayList<>(options.batchSize());
        while (running) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long deadline = first.enqueuedNanos + TimeUnit.MILLISECONDS.toNanos(options.batchMaxWaitMs());
                while (batch.size() < options.batchSize()) {
                    long wait = deadline - System.nanoTime();
                    Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    batch.add(next);
                }
                process(index, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                // Never let the worker die: fail this batch's frames and carry on.
                LOG.error("inference batch failed", t);
                for (Pending p : batch) {
                    fail(p, RejectReason.INFERENCE_FAILED, String.valueOf(t));
                }
            } finally {
                for (Pending p : batch) recycle(p);
                batch.clear();
            }
        }
    }

    private void process(int worker, List<Pending> batch) {
        List<Pending> live = new ArrayList<>(batch.size());
        List<float[]> inputs = new ArrayList<>(batch.size());
        List<LetterboxGeometry> geometries = new ArrayList<>(batch.size());
        long preNanos = 0;
        for (Pending p : batch) {
            if (p.claimed.get()) continue; // timed out while queued
            live.add(p);
            inputs.add(p.input);
            geometries.add(p.geometry);
            preNanos += p.preprocessNanos;
        }
        if (live.isEmpty()) return;
        long t1 = System.nanoTime();
        List<List<Detection>> detections;
        callStartedNanos.set(worker, t1);
        try {
            detections = runModel(inputs, geometries);
        } catch (Exception e) {
            for (Pending p : live) fail(p, RejectReason.INFERENCE_FAILED, e.getMessage());
            return;
        } finally {
            callStartedNanos.set(worker, 0);
        }
        long t2 = System.nanoTime();
        int n = live.size();
        double preMs = preNanos / 1e6 / n, infMs = (t2 - t1) / 1e6 / n;
        lastBatchSize = n;
        batches.inc();
        for (int i = 0; i < n; i++) {
            Pending p = live.get(i);
            InferenceResult r = InferenceResult.of(p.frame);
            r.modelId = detector.modelId();
            r.modelName = detector.modelName();
            r.modelVersion = detector.version();
            r.provider = detector.provider();
            r.detections = detections.get(i);
            r.inferenceMs = infMs;
            r.preprocessMs = preMs;
            r.batchSize = n;
            r.operatorMs = (t2 - p.enqueuedNanos) / 1e6;
            recycle(p); // before completing: a completion admits the next frame, which may take this buffer
            if (p.claimed.compareAndSet(false, true)) {
                inFlight.remove(p.future);
                framesInferred.inc();
                inferenceMs.update(Math.round(infMs));
                preprocessMs.update(Math.round(preMs));
                complete(p, r);
            }
        }
    }

    /** One model call for a batch (a seam for tests that need a model that hangs). */
    protected List<List<Detection>> runModel(List<float[]> inputs, List<LetterboxGeometry> geometries) throws Exception {
        return detector.detect(inputs, geometries);
    }

    /** Returns a frame's input buffer to the pool once the model is done with it. */
    private void recycle(Pending p) {
        float[] b = p.input;
        p.input = null;
        if (b != null) freeBuffers.add(b);
    }

    private void fail(Pending p, RejectReason reason, String detail) {
        recycle(p);
        if (p.claimed.compareAndSet(false, true)) {
            inFlight.remove(p.future);
            complete(p, InferenceResult.failed(p.frame, reason, detail));
        }
    }

    private void complete(Pending p, InferenceResult r) {
        if (r.modelId == null) r.modelId = detector.modelId(); // failed frames too: their camera and model's time moves on
        if (!r.ok()) skipped(r.failure).inc();
        p.future.complete(Collections.singletonList(r));
    }

    private Counter skipped(String reason) {
        return skippedByReason.computeIfAbsent(reason,
                k -> metrics.addGroup("reason", k).counter("framesSkipped"));
    }

    @Override
    public void close() throws Exception {
        running = false;
        if (preprocessors != null) preprocessors.shutdownNow();
        if (workers != null) {
            for (Thread t : workers) t.interrupt();
            for (Thread t : workers) t.join(10_000);
        }
        if (openDecoders != null) {
            // Native decoder state is freed only once no preprocessing thread can still be inside it.
            if (preprocessors == null || preprocessors.awaitTermination(10, TimeUnit.SECONDS)) {
                for (FrameDecoder d; (d = openDecoders.poll()) != null; ) d.close();
            } else {
                LOG.warn("preprocessing threads still busy after 10 s; leaving {} JPEG decoders open", openDecoders.size());
            }
        }
        if (detector != null) {
            SharedDetectors.release(detector);
            detector = null;
        }
    }
}
