package io.argus.udf.health;

import io.argus.rollups.BucketClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per camera and hour, in the camera's own event time: frames processed, frames skipped, frames
 * dead-lettered, and the inference latency's 50th and 95th percentiles, from a histogram of 5 ms
 * bins (exact to 5 ms up to 10 s; slower frames count in the last bin).
 *
 * <p>Processed and skipped frames count in the hour of their capture time. They arrive in the order
 * the camera's clock let them through, each with the camera's event time, and every later one is
 * captured after that time: so an hour is complete once that time is past its end. A dead letter
 * comes another way and counts in the hour of the camera's event time when it was rejected (a late
 * frame: the hour in which it was found late), or when that hour is final, in the hour the camera is
 * in now; a dead letter of a camera that never had a valid frame counts in the wall-clock hour, which
 * is written a minute after it ends. Hours are written and retired like rollup buckets
 * ({@link BucketClock}): a row, once final, is never rewritten.
 */
public class HealthFunction extends KeyedProcessFunction<String, HealthEvent, HealthRow> {
    static final int BIN_MS = 5;
    static final int BINS = 2000;
    /** processed, skipped, dead-lettered, written (0/1), changed since written (0/1), then the bins. */
    static final int HEAD = 5;
    private static final int WRITTEN = 3, CHANGED = 4;
    private static final long HOUR = 3_600_000L;
    /** How long after its end a wall-clock hour (a camera without frames) is written. */
    static final long WALL_HOUR_GRACE_MS = 60_000L;

    private transient MapState<Long, long[]> hours; // hour start -> counters
    private transient ValueState<long[]> clock;
    private transient Counter afterFinal;

    @Override
    public void open(OpenContext ctx) {
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("health-hours", Types.LONG,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("health-clock", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        afterFinal = getRuntimeContext().getMetricGroup().addGroup("argus").counter("healthInputsAfterFinal");
    }

    @Override
    public void processElement(HealthEvent r, Context ctx, Collector<HealthRow> out) throws Exception {
        long[] stored = clock.value();
        BucketClock c = BucketClock.fromArray(stored);
        boolean hadNothing = c.empty();
        boolean hasFrames = stored != null && stored[stored.length - 1] == 1;
        if (r.outcome != HealthEvent.Outcome.DEAD_LETTERED) hasFrames = true;
        switch (r.outcome) {
            case TICK -> c.observe(r.cameraTime, BucketClock.after(r.cameraTime), false);
            case PROCESSED, SKIPPED -> {
                long[] h = hour(BucketClock.hourStart(r.ts), c);
                if (h != null) {
                    if (r.outcome == HealthEvent.Outcome.PROCESSED) {
                        h[0]++;
                        h[HEAD + (int) Math.min(BINS - 1, Math.max(0, Math.round(r.inferenceMs) / BIN_MS))]++;
                    } else {
                        h[1]++;
                    }
                    put(BucketClock.hourStart(r.ts), h, c);
                }
                c.observe(r.cameraTime, BucketClock.after(r.cameraTime), true);
            }
            case DEAD_LETTERED -> {
                // No frame of this camera yet: its time is the wall clock.
                long at = r.cameraTime > 0 ? r.cameraTime : hasFrames ? c.horizon() : r.ts;
                long hour = BucketClock.hourStart(at);
                // Final already: the camera's current hour instead (never a final row rewritten).
                if (c.isRetired(hour + HOUR) && hasFrames) hour = BucketClock.hourStart(c.horizon());
                long[] h = hour(hour, c);
                if (h != null) {
                    h[2]++;
                    put(hour, h, c);
                    if (!hasFrames) ctx.timerService().registerProcessingTimeTimer(hour + HOUR + WALL_HOUR_GRACE_MS);
                }
            }
        }
        if (hadNothing && !c.empty()) ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of input writes everything
        if (c.due() && settle(c, ctx, out)) return;
        if (c.empty()) clock.clear();
        else clock.update(withFlag(c, hasFrames));
    }

    /** The clock, and whether the camera has had frames (else its hours are wall-clock hours). */
    private static long[] withFlag(BucketClock c, boolean hasFrames) {
        long[] a = c.toArray();
        long[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = hasFrames ? 1 : 0;
        return b;
    }

    private long[] hour(long start, BucketClock c) throws Exception {
        long[] h = hours.get(start);
        if (h != null) return h;
        if (c.isRetired(start + HOUR)) {
            afterFinal.inc();
            return null;
        }
        return new long[HEAD + BINS];
    }

    private void put(long start, long[] h, BucketClock c) throws Exception {
        if (h[WRITTEN] == 1) h[CHANGED] = 1;
        c.changed(start + HOUR);
        hours.put(start, h);
    }

    private boolean settle(BucketClock c, Context ctx, Collector<HealthRow> out) throws Exception {
        long nextWrite = Long.MAX_VALUE, nextRetire = Long.MAX_VALUE;
        List<Long> retired = new ArrayList<>();
        Map<Long, long[]> rewritten = new HashMap<>();
        for (Map.Entry<Long, long[]> e : hours.entries()) {
            long start = e.getKey(), end = start + HOUR;
            long[] h = e.getValue();
            boolean pending = h[WRITTEN] == 0 || h[CHANGED] == 1;
            BucketClock.Fate fate = c.fate(end, pending);
            if (fate == BucketClock.Fate.WRITE || fate == BucketClock.Fate.WRITE_AND_RETIRE) {
                out.collect(row(ctx.getCurrentKey(), start, h));
                h[WRITTEN] = 1;
                h[CHANGED] = 0;
            }
            switch (fate) {
                case WRITE -> rewritten.put(start, h);
                case WRITE_AND_RETIRE, RETIRE -> retired.add(start);
                case KEEP -> {
                    if (pending) nextWrite = Math.min(nextWrite, end);
                }
            }
            if (fate == BucketClock.Fate.WRITE || fate == BucketClock.Fate.KEEP) nextRetire = Math.min(nextRetire, end);
        }
        for (Long k : retired) hours.remove(k);
        hours.putAll(rewritten);
        c.settled(nextWrite, nextRetire);
        if (c.empty()) {
            ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
            hours.clear();
            clock.clear();
            return true;
        }
        return false;
    }

    private static HealthRow row(String camera, long hour, long[] h) {
        HealthRow row = new HealthRow();
        row.cameraId = camera;
        row.bucket = hour;
        row.processed = h[0];
        row.skipped = h[1];
        row.deadLettered = h[2];
        row.p50Ms = percentile(h, 0.50);
        row.p95Ms = percentile(h, 0.95);
        return row;
    }

    /** The end of input (event time) or a wall-clock hour of a camera without frames (processing time). */
    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<HealthRow> out) throws Exception {
        long[] stored = clock.value();
        if (stored == null) return;
        boolean hasFrames = stored[stored.length - 1] == 1;
        BucketClock c = BucketClock.fromArray(stored);
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME) {
            if (ts != Long.MAX_VALUE) return; // a timer of a savepoint from a build with event-time watermarks
            c.observe(Long.MAX_VALUE, Long.MAX_VALUE, true);
        } else {
            if (hasFrames) return; // the camera has frames now: its own time rules
            long upTo = ts - WALL_HOUR_GRACE_MS;
            c.observe(upTo - 1, upTo, true);
        }
        if (!settle(c, ctx, out)) clock.update(withFlag(c, hasFrames));
    }

    /** The upper edge of the bin where the q-th fraction of processed frames is reached. */
    static float percentile(long[] h, double q) {
        if (h[0] == 0) return 0f;
        long need = (long) Math.ceil(q * h[0]), seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += h[HEAD + i];
            if (seen >= need) return (i + 1) * BIN_MS;
        }
        return BINS * BIN_MS;
    }
}
