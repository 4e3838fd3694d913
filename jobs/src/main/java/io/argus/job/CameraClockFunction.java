package io.argus.job;

import io.argus.envelope.CameraClock;
import io.argus.envelope.RejectReason;
import io.argus.frame.Frame;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by camera: each camera's own event time ({@link CameraClock}), before inference. A frame goes
 * on stamped with the camera's event time; a late frame (beyond the camera's own disorder bound) and
 * a frame whose id went backwards go to the dead-letter topic with their bytes, so they can be sent
 * again; a re-send of a frame already processed is dropped and counted ({@code framesResent}), so it
 * counts once everywhere.
 *
 * <p>A camera that sends nothing for {@code quietAfterMs} of wall-clock time is quiet: from then on,
 * every {@code quietAfterMs}, a tick (a frame without an image) carries its event time forward by
 * the wall clock, so downstream its episodes close and its hours are written even though no frame
 * comes. Ticks stop a day and an hour past its newest frame (its daily rollup is written by then).
 */
public class CameraClockFunction extends KeyedProcessFunction<String, Frame, Frame> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("sequence-dead-letters") {};
    /** How far past its newest frame a quiet camera's ticks go. */
    static final long TICK_HORIZON_MS = 25 * 3_600_000L;

    private final long maxDisorderMs;
    private final long quietAfterMs;

    private transient ValueState<long[]> state;
    private transient Counter backwards, late, resent, ticks;

    public CameraClockFunction(long maxDisorderMs, long quietAfterMs) {
        this.maxDisorderMs = maxDisorderMs;
        this.quietAfterMs = quietAfterMs;
    }

    @Override
    public void open(OpenContext openContext) {
        // Same name as the frame-order guard of earlier builds: its two longs are read as a clock.
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-frame", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("argus");
        backwards = g.addGroup("reason", RejectReason.FRAME_ID_BACKWARDS.code()).counter("framesDeadLettered");
        late = g.addGroup("reason", RejectReason.LATE_FRAME.code()).counter("framesDeadLettered");
        resent = g.counter("framesResent");
        ticks = g.counter("quietTicks");
    }

    @Override
    public void processElement(Frame f, Context ctx, Collector<Frame> out) throws Exception {
        CameraClock clock = CameraClock.fromArray(state.value());
        long now = ctx.timerService().currentProcessingTime();
        long before = clock.eventTime(maxDisorderMs);
        CameraClock.Decision d = clock.offer(f.frameId, f.captureTs, maxDisorderMs, now);
        switch (d.verdict()) {
            case RESENT -> resent.inc();
            case ID_BACKWARDS -> reject(f, RejectReason.FRAME_ID_BACKWARDS, d.detail(), before, backwards, ctx);
            case LATE -> reject(f, RejectReason.LATE_FRAME, d.detail(), before, late, ctx);
            case ACCEPTED -> {
                f.cameraTime = clock.eventTime(maxDisorderMs);
                out.collect(f);
                if (clock.quietCheckAt() == Long.MIN_VALUE) {
                    clock.quietCheckAt(now + quietAfterMs);
                    ctx.timerService().registerProcessingTimeTimer(now + quietAfterMs);
                }
                state.update(clock.toArray());
            }
        }
    }

    private static void reject(Frame f, RejectReason reason, String detail, long cameraTime, Counter counter, Context ctx) {
        counter.inc();
        DeadLetter d = DeadLetter.of(f, reason.code(), detail);
        d.stage = "parse";
        d.cameraTime = cameraTime;
        ctx.output(DEAD_LETTERS, d);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Frame> out) throws Exception {
        CameraClock clock = CameraClock.fromArray(state.value());
        if (clock.quietCheckAt() != ts) return; // a timer of an earlier run (the state has the one that counts)
        long next;
        if (ts - clock.lastArrival() < quietAfterMs) {
            next = clock.lastArrival() + quietAfterMs; // a frame came since: not quiet yet
        } else {
            long time = clock.quietTime(ts);
            ticks.inc();
            out.collect(Frame.tick(ctx.getCurrentKey(), clock.newestId(), time));
            next = time - clock.newestCaptureTs() >= TICK_HORIZON_MS ? Long.MIN_VALUE : ts + quietAfterMs;
        }
        clock.quietCheckAt(next);
        if (next != Long.MIN_VALUE) ctx.timerService().registerProcessingTimeTimer(next);
        state.update(clock.toArray());
    }
}
