package io.argus.inference;

import io.argus.envelope.RejectReason;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import io.argus.vision.FrameDecoder;
import io.argus.vision.FrameDecoders;
import io.argus.vision.LetterboxGeometry;
import io.argus.vision.LetterboxPreprocessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object detection on frames in two overlapping stages, so the model never waits for JPEG decoding:
 * preprocessing threads decode and letterbox each frame into a pooled input buffer; each of
 * {@code modelCalls} model threads takes up to {@code batchSize} prepared frames, or what was ready
 * within {@code batchMaxWait} of the first, and runs one model call for the batch on the shared
 * session. Every submitted frame gets exactly one result, on some thread: its detections, or a failure
 * (decode failed, model failed, timed out) that never throws. The caller bounds the frames in flight
 * (and so the pooled buffers); see the Flink adapter, BatchingInferenceFunction.
 */
public final class BatchingDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingDetector.class);

    /** One model call for a batch of prepared inputs. */
    @FunctionalInterface
    public interface ModelCall {
        List<List<Detection>> detect(List<float[]> inputs, List<LetterboxGeometry> geometries) throws Exception;
    }

    /** What happened, for metrics. Called on the preprocessing and model threads: implementations must be thread-safe. */
    public interface Listener {
        default void decoded(double preprocessMs) {}

        default void batch(int frames, double inferenceMsPerFrame, double preprocessMsPerFrame) {}

        default void inferred(double inferenceMs, double preprocessMs) {}

        default void skipped(String reason) {}
    }

    /** A submitted frame; claimed exactly once, by its result or by {@link #timeout}. */
    public static final class Ticket {
        final Frame frame;
        final Consumer<InferenceResult> done;
        final long enqueuedNanos;
        final AtomicBoolean claimed = new AtomicBoolean();
        float[] input;
        LetterboxGeometry geometry;
        long preprocessNanos;

        Ticket(Frame frame, Consumer<InferenceResult> done, long enqueuedNanos) {
            this.frame = frame;
            this.done = done;
            this.enqueuedNanos = enqueuedNanos;
        }
    }

    private final InferenceOptions options;
    private final OnnxDetector detector;
    private final ModelCall model;
    private final Listener listener;
    private final BlockingQueue<Ticket> queue = new LinkedBlockingQueue<>();
    private final ExecutorService preprocessors;
    private final ThreadLocal<LetterboxPreprocessor> preprocessor;
    private final ThreadLocal<FrameDecoder> decoder;
    /** Every decoder the preprocessing threads opened, to close their native state with this. */
    private final Queue<FrameDecoder> openDecoders = new ConcurrentLinkedQueue<>();
    private final Queue<float[]> freeBuffers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffersAllocated = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    /** Per model thread, System.nanoTime() when its running call started; 0 while none runs. */
    private final AtomicLongArray callStartedNanos;
    private volatile boolean running = true;
    private volatile int lastBatchSize;

    /**
     * @param detector the shared model session (see {@link SharedDetectors}); not closed here
     * @param model the model call, {@code detector::detect} unless a test needs another
     * @param threadSuffix names this instance's threads (e.g. the subtask index)
     */
    public BatchingDetector(InferenceOptions options, OnnxDetector detector, ModelCall model, Listener listener, String threadSuffix) {
        this.options = options;
        this.detector = detector;
        this.model = model;
        this.listener = listener;
        this.preprocessor = ThreadLocal.withInitial(detector::newPreprocessor);
        String decoderPath = FrameDecoders.resolve(options.decoder());
        this.decoder = ThreadLocal.withInitial(() -> {
            FrameDecoder d = FrameDecoders.open(decoderPath);
            openDecoders.add(d);
            return d;
        });
        AtomicInteger n = new AtomicInteger();
        preprocessors = Executors.newFixedThreadPool(options.preprocessThreads(), r -> {
            Thread t = new Thread(r, "argus-preprocess-" + threadSuffix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        callStartedNanos = new AtomicLongArray(options.modelCalls());
        for (int w = 0; w < options.modelCalls(); w++) {
            int index = w;
            Thread t = new Thread(() -> runWorker(index), "argus-inference-" + threadSuffix + "-" + (w + 1));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    public OnnxDetector detector() {
        return detector;
    }

    /** Queues a frame; {@code done} receives its one result. */
    public Ticket submit(Frame frame, Consumer<InferenceResult> done) {
        Ticket t = ticket(frame, done);
        submit(t);
        return t;
    }

    /** A ticket for a frame, not yet queued: a caller that must record it before any result arrives queues it with {@link #submit(Ticket)}. */
    public Ticket ticket(Frame frame, Consumer<InferenceResult> done) {
        return new Ticket(frame, done, System.nanoTime());
    }

    public void submit(Ticket t) {
        inFlight.incrementAndGet();
        preprocessors.execute(() -> prepare(t));
    }

    /** Gives up on a frame still without a result: it completes now as timed out (nothing, if it completed already). */
    public void timeout(Ticket t) {
        if (t.claimed.compareAndSet(false, true)) {
            inFlight.decrementAndGet();
            double waited = (System.nanoTime() - t.enqueuedNanos) / 1e6;
            complete(t, InferenceResult.failed(t.frame, RejectReason.INFERENCE_TIMEOUT,
                    String.format("no result after %.0f ms (queue %d)", waited, queue.size())));
        }
    }

    /** How long the longest-running model call has been running; 0 while none runs. */
    public long longestCallMs() {
        long oldest = 0;
        for (int i = 0; i < callStartedNanos.length(); i++) {
            long t = callStartedNanos.get(i);
            if (t != 0 && (oldest == 0 || t < oldest)) oldest = t;
        }
        return oldest == 0 ? 0 : (System.nanoTime() - oldest) / 1_000_000;
    }

    public int queueLength() {
        return queue.size();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Input buffers allocated (each one model input, 4.9 MB at 640x640): the memory this holds. */
    public int buffersAllocated() {
        return buffersAllocated.get();
    }

    public int lastBatchSize() {
        return lastBatchSize;
    }

    /** Decode and letterbox on a preprocessing thread, then hand over to the model threads. */
    private void prepare(Ticket t) {
        if (t.claimed.get()) return; // timed out while waiting
        long t0 = System.nanoTime();
        LetterboxPreprocessor pre = preprocessor.get();
        float[] buf = freeBuffers.poll();
        if (buf == null || buf.length != pre.tensorSize()) {
            buf = new float[pre.tensorSize()];
            buffersAllocated.incrementAndGet();
        }
        try {
            t.geometry = decoder.get().decodeLetterboxed(t.frame.jpeg, pre, buf, 0);
        } catch (IOException e) {
            freeBuffers.add(buf);
            fail(t, RejectReason.DECODE_FAILED, e.getMessage());
            return;
        } catch (RuntimeException e) {
            freeBuffers.add(buf);
            fail(t, RejectReason.DECODE_FAILED, "cannot prepare image: " + e);
            return;
        }
        t.input = buf;
        t.preprocessNanos = System.nanoTime() - t0;
        listener.decoded(t.preprocessNanos / 1e6);
        queue.add(t);
    }

    private void runWorker(int index) {
        List<Ticket> batch = new ArrayList<>(options.batchSize());
        while (running) {
            try {
                Ticket first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long deadline = first.enqueuedNanos + TimeUnit.MILLISECONDS.toNanos(options.batchMaxWaitMs());
                while (batch.size() < options.batchSize()) {
                    long wait = deadline - System.nanoTime();
                    Ticket next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    batch.add(next);
                }
                process(index, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable e) {
                // Never let the worker die: fail this batch's frames and carry on.
                LOG.error("inference batch failed", e);
                for (Ticket t : batch) fail(t, RejectReason.INFERENCE_FAILED, String.valueOf(e));
            } finally {
                for (Ticket t : batch) recycle(t);
                batch.clear();
            }
        }
    }

    private void process(int worker, List<Ticket> batch) {
        List<Ticket> live = new ArrayList<>(batch.size());
        List<float[]> inputs = new ArrayList<>(batch.size());
        List<LetterboxGeometry> geometries = new ArrayList<>(batch.size());
        long preNanos = 0;
        for (Ticket t : batch) {
            if (t.claimed.get()) continue; // timed out while queued
            live.add(t);
            inputs.add(t.input);
            geometries.add(t.geometry);
            preNanos += t.preprocessNanos;
        }
        if (live.isEmpty()) return;
        long t1 = System.nanoTime();
        List<List<Detection>> detections;
        callStartedNanos.set(worker, t1);
        try {
            detections = model.detect(inputs, geometries);
        } catch (Exception e) {
            for (Ticket t : live) fail(t, RejectReason.INFERENCE_FAILED, e.getMessage());
            return;
        } finally {
            callStartedNanos.set(worker, 0);
        }
        long t2 = System.nanoTime();
        int n = live.size();
        double preMs = preNanos / 1e6 / n, infMs = (t2 - t1) / 1e6 / n;
        lastBatchSize = n;
        listener.batch(n, infMs, preMs);
        for (int i = 0; i < n; i++) {
            Ticket t = live.get(i);
            InferenceResult r = InferenceResult.of(t.frame);
            r.modelId = detector.modelId();
            r.modelName = detector.modelName();
            r.modelVersion = detector.version();
            r.provider = detector.provider();
            r.detections = detections.get(i);
            r.inferenceMs = infMs;
            r.preprocessMs = preMs;
            r.batchSize = n;
            r.operatorMs = (t2 - t.enqueuedNanos) / 1e6;
            recycle(t); // before completing: a completion admits the next frame, which may take this buffer
            if (t.claimed.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                listener.inferred(infMs, preMs);
                complete(t, r);
            }
        }
    }

    /** Returns a frame's input buffer to the pool once the model is done with it. */
    private void recycle(Ticket t) {
        float[] b = t.input;
        t.input = null;
        if (b != null) freeBuffers.add(b);
    }

    private void fail(Ticket t, RejectReason reason, String detail) {
        recycle(t);
        if (t.claimed.compareAndSet(false, true)) {
            inFlight.decrementAndGet();
            complete(t, InferenceResult.failed(t.frame, reason, detail));
        }
    }

    private void complete(Ticket t, InferenceResult r) {
        if (r.modelId == null) r.modelId = detector.modelId(); // failed frames too: their camera and model's time moves on
        if (!r.ok()) listener.skipped(r.failure);
        t.done.accept(r);
    }

    /** Stops the threads and frees the decoders' native state; the shared model session stays with its owner. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        preprocessors.shutdownNow();
        for (Thread t : workers) t.interrupt();
        for (Thread t : workers) t.join(10_000);
        // Native decoder state is freed only once no preprocessing thread can still be inside it.
        if (preprocessors.awaitTermination(10, TimeUnit.SECONDS)) {
            for (FrameDecoder d; (d = openDecoders.poll()) != null; ) d.close();
        } else {
            LOG.warn("preprocessing threads still busy after 10 s; leaving {} JPEG decoders open", openDecoders.size());
        }
    }
}
