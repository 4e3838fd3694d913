package io.argus.udf.inference;

import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.inference.BatchingDetector;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.vision.Detection;
import io.argus.vision.LetterboxGeometry;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * decode, batch and model threads, in plain Java). The async operator's capacity bounds the frames in
 * flight, and so the detector's pooled buffers: a slow model back-pressures Kafka instead of growing
 * the heap. Results may finish out of order between model threads; the ordered async operator puts
 * them back in order. A frame that cannot be decoded, fails in the model, or outlives the operator
 * timeout completes with a failed {@link InferenceResult} (counted by reason); it never fails the job,
 * unless a model call hangs past the hard limit (then the task fails so Flink restarts it).
 */
public class BatchingInferenceFunction extends RichAsyncFunction<Frame, InferenceResult> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingInferenceFunction.class);

    private final InferenceOptions options;
    /** A model call running longer than this fails the task (0: never); see {@link #timeout}. */
    private final long hardLimitMs;

    private transient OnnxDetector detector;
    private transient BatchingDetector batching;
    private transient Map<ResultFuture<InferenceResult>, BatchingDetector.Ticket> tickets;
    private transient Counter hungCalls;

    public BatchingInferenceFunction(InferenceOptions options) {
        this(options, 0);
    }

    /** @param hardLimitMs a model call that has not returned after this fails the task, so Flink restarts it (0: never) */
    public BatchingInferenceFunction(InferenceOptions options, long hardLimitMs) {
        this.options = options;
        this.hardLimitMs = hardLimitMs;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = SharedDetectors.acquire(options);
        tickets = new ConcurrentHashMap<>();
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("argus");
        batching = new BatchingDetector(options, detector, this::runModel, new FlinkMetrics(metrics),
                Integer.toString(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()));
        hungCalls = metrics.counter("inferenceHungCalls");
        metrics.gauge("inferenceBatchSize", () -> batching.lastBatchSize());
        metrics.gauge("inferenceQueueLength", () -> batching.queueLength());
        metrics.gauge("inferenceInFlight", () -> batching.inFlight());
        metrics.gauge("detectionsRejectedNotANumber", () -> detector.rejectedBoxes());
        metrics.gauge("inferenceBuffersAllocated", () -> batching.buffersAllocated());
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

    @Override
    public void asyncInvoke(Frame frame, ResultFuture<InferenceResult> resultFuture) {
        if (frame.tick) {
            // A quiet camera's progress marker: no image, straight through (in order behind its frames).
            InferenceResult r = InferenceResult.of(frame);
            r.modelId = detector.modelId();
            resultFuture.complete(Collections.singletonList(r));
            return;
        }
        // Recorded before it is queued, so its completion always finds it to remove.
        BatchingDetector.Ticket t = batching.ticket(frame, r -> {
            tickets.remove(resultFuture);
            resultFuture.complete(Collections.singletonList(r));
        });
        tickets.put(resultFuture, t);
        batching.submit(t);
    }

    @Override
    public void timeout(Frame frame, ResultFuture<InferenceResult> resultFuture) {
        long runningMs = batching.longestCallMs();
        if (hardLimitMs > 0 && runningMs > hardLimitMs) {
            // A hung model call would time out every later frame, forever: fail the task so Flink restarts it,
            // and let the restarted task load a fresh session instead of this one.
            hungCalls.inc();
            String why = "model " + detector.modelId() + " on " + detector.provider() + " has not returned for " + runningMs
                    + " ms (hard limit " + hardLimitMs + " ms, 10x argus.inference.timeout): failing the task so that Flink restarts it";
            LOG.error(why);
            SharedDetectors.abandon(detector);
            resultFuture.completeExceptionally(new TimeoutException(why));
            return;
        }
        BatchingDetector.Ticket t = tickets.remove(resultFuture);
        if (t != null) batching.timeout(t);
    }

    /** One model call for a batch (a seam for tests that need a model that hangs). */
    protected List<List<Detection>> runModel(List<float[]> inputs, List<LetterboxGeometry> geometries) throws Exception {
        return detector.detect(inputs, geometries);
    }

    @Override
    public void close() throws Exception {
        if (batching != null) batching.close();
        if (detector != null) {
            SharedDetectors.release(detector);
            detector = null;
        }
    }
}
