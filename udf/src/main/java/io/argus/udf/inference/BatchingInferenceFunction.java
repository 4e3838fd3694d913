package io.argus.udf.inference;

import io.argus.envelope.RejectReason;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.inference.BatchingDetector;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.models.ModelDefinition;
import io.argus.models.ModelUse;
import io.argus.vision.Detection;
import io.argus.vision.LetterboxGeometry;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
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
 * Object detection as Flink's async operator: a thin adapter around {@link BatchingDetector} (the
 * decode, batch and model threads, in plain Java), one per model this subtask runs. Each frame names
 * its model ({@link Frame#model}, set by the model router): a model seen for the first time is loaded
 * in the background while its frames wait here (the task thread never blocks on a load), and a model
 * no frame has asked for in {@link #IDLE_RELEASE_MS} is released, its session closed once no subtask
 * of the TaskManager uses it. The async operator's capacity bounds the frames in flight, and so the
 * pooled buffers: a slow model back-pressures Kafka instead of growing the heap. A frame that cannot
 * be decoded, fails in the model, outlives the operator timeout, or whose model did not load completes
 * with a failed {@link InferenceResult} (counted by reason); it never fails the job, unless a model
 * call hangs past the hard limit (then the task fails so Flink restarts it).
 */
public class BatchingInferenceFunction extends RichAsyncFunction<Frame, InferenceResult> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingInferenceFunction.class);
    /** A model no frame has asked for in this long is released (the next frame for it loads it again). */
    public static final long IDLE_RELEASE_MS = 60_000;

    /** The job's inference settings (what a model leaves unsaid), and its model for frames that name none. */
    private final InferenceOptions options;
    /** The model most frames will name (the job's first starting model): loaded at open, never released; null: {@link #options}'. */
    private final ModelDefinition firstModel;
    /** The settings of {@link #firstModel}: the same record the frames naming it map to, so one session serves both. */
    private transient InferenceOptions home;
    /** A model call running longer than this fails the task (0: never); see {@link #timeout}. */
    private final long hardLimitMs;

    /** One model on this subtask: its session (shared in the JVM) and batching threads once loaded. */
    private final class Session {
        final InferenceOptions model;
        final CompletableFuture<Void> loaded = new CompletableFuture<>();
        volatile OnnxDetector detector;
        volatile BatchingDetector batching;
        volatile long lastUsedMs = System.currentTimeMillis();

        Session(InferenceOptions model) {
            this.model = model;
        }

        void load() {
            try {
                OnnxDetector d = SharedDetectors.acquire(model);
                detector = d;
                batching = new BatchingDetector(model, d, (in, geo) -> runModel(d, in, geo), listener, subtask + "-" + model.modelName());
                loaded.complete(null);
                modelsLoaded.inc();
                LOG.info("model {} ready on inference subtask {}", model.modelName(), subtask);
            } catch (RuntimeException | Error e) {
                LOG.error("model {} did not load: its frames are dead-lettered ({})", model.modelName(), e.toString());
                modelLoadFailures.inc();
                loaded.completeExceptionally(e);
            }
        }

        boolean idle(long now) {
            BatchingDetector b = batching;
            return loaded.isDone() && now - lastUsedMs > IDLE_RELEASE_MS && (b == null || (b.inFlight() == 0 && b.queueLength() == 0));
        }

        void close() throws InterruptedException {
            if (batching != null) batching.close();
            if (detector != null) SharedDetectors.release(detector);
        }
    }

    private transient Map<InferenceOptions, Session> sessions;
    /** Each model's settings, made once (not per frame: building them validates every option). Task thread only. */
    private transient Map<ModelDefinition, InferenceOptions> settingsByModel;
    private transient ExecutorService loader;
    private transient Map<ResultFuture<InferenceResult>, Queued> tickets;

    /** A frame in a model's queue, and which model's. */
    private record Queued(Session session, BatchingDetector.Ticket ticket) {}
    /** Frames waiting for their model to load: completed by the load, or by the operator's timeout. */
    private transient Map<ResultFuture<InferenceResult>, Frame> waitingForModel;
    private transient FlinkMetrics listener;
    private transient Counter hungCalls, modelsLoaded, modelsReleased, modelLoadFailures;
    private transient String subtask;
    private transient long lastSweepMs;

    public BatchingInferenceFunction(InferenceOptions options) {
        this(options, 0, null);
    }

    /**
     * @param hardLimitMs a model call that has not returned after this fails the task, so Flink restarts it (0: never)
     * @param firstModel the model to load at open and keep (the job's first starting model); null: the options' own
     */
    public BatchingInferenceFunction(InferenceOptions options, long hardLimitMs, ModelDefinition firstModel) {
        this.options = options;
        this.hardLimitMs = hardLimitMs;
        this.firstModel = firstModel;
    }

    @Override
    public void open(OpenContext openContext) {
        sessions = new ConcurrentHashMap<>();
        settingsByModel = new java.util.HashMap<>();
        tickets = new ConcurrentHashMap<>();
        waitingForModel = new ConcurrentHashMap<>();
        subtask = Integer.toString(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        loader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "argus-model-loader-" + subtask);
            t.setDaemon(true);
            return t;
        });
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("argus");
        listener = new FlinkMetrics(metrics);
        hungCalls = metrics.counter("inferenceHungCalls");
        modelsLoaded = metrics.counter("modelsLoaded", new ThreadSafeSimpleCounter());
        modelsReleased = metrics.counter("modelsReleased");
        modelLoadFailures = metrics.counter("modelLoadFailures", new ThreadSafeSimpleCounter());
        metrics.gauge("modelsInUse", () -> (int) sessions.values().stream().filter(s -> s.batching != null).count());
        metrics.gauge("inferenceBatchSize", () -> sessions.values().stream().mapToInt(s -> s.batching == null ? 0 : s.batching.lastBatchSize()).max().orElse(0));
        metrics.gauge("inferenceQueueLength", () -> sessions.values().stream().mapToInt(s -> s.batching == null ? 0 : s.batching.queueLength()).sum());
        metrics.gauge("inferenceInFlight", () -> sessions.values().stream().mapToInt(s -> s.batching == null ? 0 : s.batching.inFlight()).sum());
        metrics.gauge("detectionsRejectedNotANumber", () -> sessions.values().stream().mapToLong(s -> s.detector == null ? 0 : s.detector.rejectedBoxes()).sum());
        metrics.gauge("inferenceBuffersAllocated", () -> sessions.values().stream().mapToInt(s -> s.batching == null ? 0 : s.batching.buffersAllocated()).sum());
        // The job's own model first, in the background: most frames will want it. Made as the frames' will be
        // (options.with(model)), so the frames that name it find this session instead of loading a second one.
        home = firstModel == null ? options : settingsOf(firstModel);
        session(home);
    }

    /** The operator's metrics, fed from the detector's threads (hence thread-safe counters). */
    private static final class FlinkMetrics implements BatchingDetector.Listener {
        private final MetricGroup group;
        private final Counter framesInferred, framesDecoded, batches;
        private final Histogram inferenceMs, preprocessMs;
        private final Map<String, Counter> skippedByReason = new ConcurrentHashMap<>();

        FlinkMetrics(MetricGroup group) {
            this.group = group;
            framesInferred = group.counter("framesInferred", new ThreadSafeSimpleCounter());
            framesDecoded = group.counter("framesDecoded", new ThreadSafeSimpleCounter());
            batches = group.counter("inferenceBatches", new ThreadSafeSimpleCounter());
            inferenceMs = group.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1024));
            preprocessMs = group.histogram("preprocessLatencyMs", new DescriptiveStatisticsHistogram(1024));
        }

        @Override
        public void decoded(double ms) {
            framesDecoded.inc();
        }

        @Override
        public void batch(int frames, double inferenceMsPerFrame, double preprocessMsPerFrame) {
            batches.inc();
        }

        @Override
        public void inferred(double inference, double preprocess) {
            framesInferred.inc();
            synchronized (this) { // the histograms are not thread-safe, and model threads may overlap
                inferenceMs.update(Math.round(inference));
                preprocessMs.update(Math.round(preprocess));
            }
        }

        @Override
        public void skipped(String reason) {
            skippedByReason.computeIfAbsent(reason, k -> group.addGroup("reason", k).counter("framesSkipped", new ThreadSafeSimpleCounter()))
                    .inc();
        }
    }

    /** The session of a model, its load started in the background the first time it is asked for. */
    private Session session(InferenceOptions model) {
        return sessions.computeIfAbsent(model, m -> {
            Session s = new Session(m);
            loader.execute(s::load);
            return s;
        });
    }

    private InferenceOptions modelOf(Frame f) {
        ModelUse use = f.model;
        return use == null ? options : settingsOf(use.model());
    }

    private InferenceOptions settingsOf(ModelDefinition model) {
        return settingsByModel.computeIfAbsent(model, options::with);
    }

    @Override
    public void asyncInvoke(Frame frame, ResultFuture<InferenceResult> resultFuture) {
        sweep();
        if (frame.model != null && frame.model.preload()) {
            // The router's word that this model is coming: load it now, before its first frame. No result.
            session(modelOf(frame));
            resultFuture.complete(Collections.emptyList());
            return;
        }
        Session s = session(modelOf(frame));
        s.lastUsedMs = System.currentTimeMillis();
        if (frame.tick && frame.model != null) {
            // A quiet camera's progress marker: no image, straight through (in order behind its frames).
            resultFuture.complete(Collections.singletonList(InferenceResult.of(frame)));
            return;
        }
        if (s.loaded.isDone()) {
            run(s, frame, resultFuture);
            return;
        }
        waitingForModel.put(resultFuture, frame);
        s.loaded.whenComplete((ok, e) -> {
            if (waitingForModel.remove(resultFuture) != null) run(s, frame, resultFuture);
        });
    }

    private void run(Session s, Frame frame, ResultFuture<InferenceResult> resultFuture) {
        if (s.loaded.isCompletedExceptionally()) {
            String why = s.loaded.handle((ok, e) -> e == null ? "" : String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage())).join();
            listener.skipped(RejectReason.MODEL_UNAVAILABLE.code());
            resultFuture.complete(Collections.singletonList(InferenceResult.failed(frame, RejectReason.MODEL_UNAVAILABLE,
                    "model " + s.model.modelName() + " did not load: " + why)));
            return;
        }
        if (frame.tick) { // no router: the model names the tick
            InferenceResult r = InferenceResult.of(frame);
            r.modelId = s.detector.modelId();
            resultFuture.complete(Collections.singletonList(r));
            return;
        }
        // Recorded before it is queued, so its completion always finds it to remove.
        BatchingDetector.Ticket t = s.batching.ticket(frame, r -> {
            tickets.remove(resultFuture);
            resultFuture.complete(Collections.singletonList(r));
        });
        tickets.put(resultFuture, new Queued(s, t));
        s.batching.submit(t);
    }

    /** Releases, at most every ten seconds, the models no frame has asked for lately (never the job's own). */
    private void sweep() {
        long now = System.currentTimeMillis();
        if (now - lastSweepMs < 10_000) return;
        lastSweepMs = now;
        sessions.entrySet().removeIf(e -> {
            Session s = e.getValue();
            if (e.getKey().equals(home) || !s.idle(now)) return false;
            try {
                s.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            modelsReleased.inc();
            LOG.info("model {} released: no frame asked for it in {} s", s.model.modelName(), IDLE_RELEASE_MS / 1000);
            return true;
        });
    }

    @Override
    public void timeout(Frame frame, ResultFuture<InferenceResult> resultFuture) {
        if (waitingForModel.remove(resultFuture) != null) {
            listener.skipped(RejectReason.INFERENCE_TIMEOUT.code());
            resultFuture.complete(Collections.singletonList(InferenceResult.failed(frame, RejectReason.INFERENCE_TIMEOUT,
                    "its model was still loading when the operator's timeout passed")));
            return;
        }
        for (Session s : sessions.values()) {
            BatchingDetector b = s.batching;
            long runningMs = b == null ? 0 : b.longestCallMs();
            if (hardLimitMs > 0 && runningMs > hardLimitMs) {
                // A hung model call would time out every later frame, forever: fail the task so Flink restarts it,
                // and let the restarted task load a fresh session instead of this one.
                hungCalls.inc();
                String why = "model " + s.detector.modelId() + " on " + s.detector.provider() + " has not returned for " + runningMs
                        + " ms (hard limit " + hardLimitMs + " ms, 10x argus.inference.timeout): failing the task so that Flink restarts it";
                LOG.error(why);
                SharedDetectors.abandon(s.detector);
                resultFuture.completeExceptionally(new TimeoutException(why));
                return;
            }
        }
        Queued q = tickets.remove(resultFuture);
        if (q != null) q.session.batching.timeout(q.ticket);
    }

    /** One model call for a batch (a seam for tests that need a model that hangs). */
    protected List<List<Detection>> runModel(OnnxDetector detector, List<float[]> inputs, List<LetterboxGeometry> geometries) throws Exception {
        return detector.detect(inputs, geometries);
    }

    @Override
    public void close() throws Exception {
        if (loader != null) {
            loader.shutdown(); // a load in progress ends before its session is closed
            if (!loader.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)) LOG.warn("a model load did not end in 2 minutes");
        }
        if (sessions != null) {
            // Closed but kept: the metric reporter's last report still reads their gauges.
            for (Session s : sessions.values()) if (s.loaded.isDone()) s.close();
        }
    }
}
