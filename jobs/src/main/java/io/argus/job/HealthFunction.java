package io.argus.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per camera and hour (event time): frames processed, frames skipped, and the inference latency's
 * 50th and 95th percentiles, from a histogram of 5 ms bins (exact to 5 ms up to 10 s; slower frames
 * count in the last bin). Written when event time passes the hour's end; state then cleared.
 */
public class HealthFunction extends KeyedProcessFunction<String, HealthEvent, HealthRow> {
    static final int BIN_MS = 5;
    static final int BINS = 2000;
    static final int HEAD = 3;

    private transient MapState<Long, long[]> hours; // hour start -> [processed, skipped, dead-lettered, bin0..binN]

    @Override
    public void open(OpenContext ctx) {
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("hours", Types.LONG, org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(HealthEvent r, Context ctx, Collector<HealthRow> out) throws Exception {
        long hour = RollupFunction.hourStart(r.ts);
        long[] h = hours.get(hour);
        if (h == null) {
            h = new long[HEAD + BINS];
            ctx.timerService().registerEventTimeTimer(hour + 3_600_000L - 1);
        }
        switch (r.outcome) {
            case "processed" -> {
                h[0]++;
                h[HEAD + (int) Math.min(BINS - 1, Math.max(0, Math.round(r.inferenceMs) / BIN_MS))]++;
            }
            case "skipped" -> h[1]++;
            default -> h[2]++;
        }
        hours.put(hour, h);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<HealthRow> out) throws Exception {
        long hour = RollupFunction.hourStart(ts);
        long[] h = hours.get(hour);
        if (h == null) return;
        HealthRow row = new HealthRow();
        row.cameraId = ctx.getCurrentKey();
        row.bucket = hour;
        row.processed = h[0];
        row.skipped = h[1];
        row.deadLettered = h[2];
        row.p50Ms = percentile(h, 0.50);
        row.p95Ms = percentile(h, 0.95);
        out.collect(row);
        hours.remove(hour);
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
