package io.argus.udf.inference;

import io.argus.envelope.RejectReason;
import io.argus.frame.DeadLetter;
import io.argus.frame.InferenceResult;
import io.argus.frame.RejectStage;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Successful inferences go on; skipped frames (timeout, decode, model error) become dead letters, and
 * a tick in their place carries the camera's event time on (so a camera whose frames all fail still
 * gets its episodes closed and its hours written).
 */
public class InferenceFailureRouter extends ProcessFunction<InferenceResult, InferenceResult> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("inference-dead-letters") {};

    @Override
    public void processElement(InferenceResult r, Context ctx, Collector<InferenceResult> out) {
        if (r.ok()) {
            out.collect(r);
            return;
        }
        ctx.output(DEAD_LETTERS, DeadLetter.of(r.frame, RejectStage.INFERENCE, RejectReason.ofCode(r.failure), r.failureDetail));
        out.collect(InferenceResult.tick(r.cameraId(), r.modelId, r.frameId(), r.cameraTime));
    }
}
