package io.argus.udf.envelope;

import io.argus.envelope.CameraClock;
import io.argus.envelope.RejectReason;
import io.argus.frame.DeadLetter;
import io.argus.frame.Frame;
import io.argus.frame.RejectStage;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by camera: each camera's own event time ({@link CameraClock}), before inference. A frame goes
 * on stamped with the camera's event time; a late frame (beyond the camera's own disorder bound) goes
 * to the dead-letter topic with its bytes, so it can be sent again; a re-send of a frame already
 * processed is dropped and counted ({@code framesResent}), so it counts once everywhere. Frame ids that
 * start again (an ingest that lost its state) are counted ({@code frameIdRestarts}) and go on: rows
 * are keyed by capture time too, so they overwrite nothing.
 *
 * <p>A live camera that sends nothing for {@code quietAfterMs} of the source's activity time (the wall
 * clock less the time the source was back-pressured: the watermarks, see {@link ActivityTimeWatermarks})
 * is quiet: from then on, every {@code quietAfterMs}, a tick (a frame without an image) carries its
 * event time forward by that clock, so downstream its episodes close and its hours are written even though no frame
 * comes. Ticks stop a day and an hour past its newest frame (its daily rollup is written by then).
 * Live means its newest frame reached this operator within {@code liveWithinMs} of its capture time. A
 * camera further behind is being caught up (a backlog after an outage, recorded footage, a partition
 * that waits its turn): its silence only means its frames still wait in Kafka, and ticking it would
 * close its episodes in the middle of its stays. Its episodes close when its frames move its time on,
 * or at the end of input. Only this run's time counts: after a restart, a camera is quiet only once it
 * has been silent for {@code quietAfterMs} since the restart.
 */
public class CameraClockFunction extends KeyedProcessFunction<String, Frame, Frame> {
    private static final Logger LOG = LoggerFactory.getLogger(CameraClockFunction.class);
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("sequence-dead-letters") {};
    /** How far past its newest frame a quiet camera's ticks go. */
    static final long TICK_HORIZON_MS = 25 * 3_600_000L;

    private final long maxDisorderMs;
    private final long quietAfterMs;
    private final long liveWithinMs;

    private transient ValueState<long[]> state;
    private transient Counter restarts, late, resent, ticks;
    /** The first activity time this run saw (Long.MIN_VALUE before the first watermark). */
    private transient long runStart;

    public CameraClockFunction(long maxDisorderMs, long quietAfterMs, long liveWithinMs) {
        this.maxDisorderMs = maxDisorderMs;
        this.quietAfterMs = quietAfterMs;
        this.liveWithinMs = liveWithinMs;
    }

    @Override
    public void open(OpenContext openContext) {
        // Same name as the frame-order guard of earlier builds: its two longs are read as a clock.
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-frame", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("argus");
        restarts = g.counter("frameIdRestarts");
        late = g.addGroup("reason", RejectReason.LATE_FRAME.code()).counter("framesDeadLettered");
        resent = g.counter("framesResent");
        ticks = g.counter("quietTicks");
        runStart = Long.MIN_VALUE;
    }

    /** The source's activity time now (see {@link ActivityTimeWatermarks}); Long.MIN_VALUE before the first watermark. */
    private long activeNow(Context ctx) {
        long now = ctx.timerService().currentWatermark();
        if (runStart == Long.MIN_VALUE && now != Long.MIN_VALUE) runStart = now;
        return now;
    }

    @Override
    public void processElement(Frame f, Context ctx, Collector<Frame> out) throws Exception {
        CameraClock clock = CameraClock.fromArray(state.value());
        long now = activeNow(ctx);
        long before = clock.eventTime(maxDisorderMs);
        CameraClock.Decision d = clock.offer(f.frameId(), f.captureTs(), maxDisorderMs, now);
        switch (d.verdict()) {
            case RESENT -> resent.inc();
            case LATE -> reject(f, RejectReason.LATE_FRAME, d.detail(), before, late, ctx);
            case ACCEPTED, RESTARTED -> {
                if (d.verdict() == CameraClock.Verdict.RESTARTED) {
                    restarts.inc();
                    LOG.info("camera {}: {}", f.cameraId(), d.detail());
                }
                f.cameraTime = clock.eventTime(maxDisorderMs);
                out.collect(f);
                if (clock.quietCheckAt() == Long.MIN_VALUE) {
                    // (Before the first watermark: a check at the first one.)
                    long at = now == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : now + quietAfterMs;
                    clock.quietCheckAt(at);
                    ctx.timerService().registerEventTimeTimer(at);
                }
                state.update(clock.toArray());
            }
        }
    }

    private static void reject(Frame f, RejectReason reason, String detail, long cameraTime, Counter counter, Context ctx) {
        counter.inc();
        DeadLetter d = DeadLetter.of(f, RejectStage.PARSE, reason, detail);
        d.cameraTime = cameraTime;
        ctx.output(DEAD_LETTERS, d);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Frame> out) throws Exception {
        CameraClock clock = CameraClock.fromArray(state.value());
        long now = activeNow(ctx);
        // A timer of an earlier check (the state has the one that counts), or the end of input (it closes everything).
        if (clock.quietCheckAt() != ts || now == Long.MAX_VALUE) return;
        long next;
        switch (clock.quietness(now, runStart, quietAfterMs, liveWithinMs)) {
            case NOT_YET -> next = clock.silentSince(runStart) + quietAfterMs; // a frame came since
            case CATCHING_UP -> next = Long.MIN_VALUE; // a backlog, not a quiet camera: its next frame starts the watch again
            default -> {
                long time = clock.quietTime(now, runStart);
                ticks.inc();
            out.collect(Frame.tick(ctx.getCurrentKey(), clock.newestId(), time));
                next = time - clock.newestCaptureTs() >= TICK_HORIZON_MS ? Long.MIN_VALUE : now + quietAfterMs;
            }
        }
        clock.quietCheckAt(next);
        if (next != Long.MIN_VALUE) ctx.timerService().registerEventTimeTimer(next);
        state.update(clock.toArray());
    }
}
