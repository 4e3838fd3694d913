package io.argus.job;

import io.argus.envelope.FrameSequence;
import io.argus.envelope.RejectReason;
import io.argus.frame.Frame;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by camera: dead-letters a frame whose id went backwards (see {@link FrameSequence}) before it
 * can overwrite another frame's rows. Keeps two longs per camera: the newest frame's id and capture time.
 */
public class FrameSequenceGuard extends KeyedProcessFunction<String, Frame, Frame> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("sequence-dead-letters") {};

    private transient ValueState<long[]> newest;
    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-frame", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        rejected = getRuntimeContext().getMetricGroup().addGroup("argus").addGroup("reason", RejectReason.FRAME_ID_BACKWARDS.code())
                .counter("framesDeadLettered");
    }

    @Override
    public void processElement(Frame f, Context ctx, Collector<Frame> out) throws Exception {
        long[] n = newest.value();
        if (n == null) {
            newest.update(new long[] {f.frameId, f.captureTs});
            out.collect(f);
            return;
        }
        String why = FrameSequence.check(n[0], n[1], f.frameId, f.captureTs);
        if (why != null) {
            rejected.inc();
            DeadLetter d = DeadLetter.of(f, RejectReason.FRAME_ID_BACKWARDS.code(), why);
            d.stage = "parse";
            ctx.output(DEAD_LETTERS, d);
            return;
        }
        if (FrameSequence.advances(n[0], f.frameId)) {
            n[0] = f.frameId;
            n[1] = f.captureTs;
            newest.update(n);
        }
        out.collect(f);
    }
}
