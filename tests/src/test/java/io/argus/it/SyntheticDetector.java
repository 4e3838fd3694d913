package io.argus.it;

import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Stands in for the model in the soak test: reads each frame's objects from its payload (see
 * {@link SoakScenario.Frame#payload}) instead of running ONNX Runtime, so hours of footage run in
 * seconds through the rest of the real job graph. Optionally fails once, after a checkpoint has
 * completed and a number of frames have gone through, so the job restarts from that checkpoint.
 */
final class SyntheticDetector extends RichAsyncFunction<Frame, InferenceResult> implements CheckpointListener {
    static final String MODEL_ID = "synthetic:1";
    /** Shared by every subtask in this JVM (the MiniCluster runs in it). */
    static final AtomicLong FRAMES = new AtomicLong();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static volatile boolean checkpointed;

    private final long failAfterFrames;

    /** @param failAfterFrames fail once after this many frames (0: never) */
    SyntheticDetector(long failAfterFrames) {
        this.failAfterFrames = failAfterFrames;
    }

    static void reset() {
        FRAMES.set(0);
        FAILED.set(false);
        checkpointed = false;
    }

    @Override
    public void asyncInvoke(Frame f, ResultFuture<InferenceResult> out) {
        InferenceResult r = InferenceResult.of(f); // the model the router named
        if (f.model == null) r.modelId = MODEL_ID;
        if (f.tick) {
            out.complete(Collections.singletonList(r));
            return;
        }
        long n = FRAMES.incrementAndGet();
        if (failAfterFrames > 0 && checkpointed && n >= failAfterFrames && FAILED.compareAndSet(false, true)) {
            out.completeExceptionally(new IllegalStateException("soak: injected failure after " + n + " frames"));
            return;
        }
        r.provider = "none";
        r.batchSize = 1;
        r.inferenceMs = 3 + f.frameId() % 40; // a spread for the latency percentiles
        r.detections = parse(f.jpeg);
        out.complete(Collections.singletonList(r));
    }

    static List<Detection> parse(byte[] jpeg) {
        String text = new String(jpeg, 6, jpeg.length - 8, StandardCharsets.US_ASCII);
        List<Detection> out = new ArrayList<>();
        for (String o : text.split(";")) {
            if (o.isEmpty()) continue;
            String[] p = o.split(",");
            out.add(new Detection(0, p[0], Float.parseFloat(p[1]), Float.parseFloat(p[2]), Float.parseFloat(p[3]),
                    Float.parseFloat(p[4]), Float.parseFloat(p[5])));
        }
        return out;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
