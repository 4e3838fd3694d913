package io.argus.udf.rollups;

import io.argus.rollups.BucketClock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
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
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Hourly and daily rollups per camera, model and label, keyed by camera and model, in the camera's
 * own event time as the scene operator reports it ({@link RollupInput}).
 *
 * <p>When a bucket is complete is exact, not guessed with a linger time: the scene says how far its
 * event time has got (every object up to it sent) and the earliest start an episode not yet opened can
 * have (its episode floor). A bucket is written once both are past its end. It stays in state, and is
 * rewritten whole if an input still reaches it, until the same holds for time that comes from frames
 * rather than from a quiet camera's wall-clock ticks; then it is retired. An input for a retired bucket
 * (impossible unless the camera's clock was bypassed) is counted ({@code rollupInputsAfterFinal}) and
 * never rewrites its row. Episodes count once, in the buckets where they started.
 *
 * <p>Max concurrent is the most objects of the label in one frame; time in view adds, per confirmed
 * track, the time between its consecutive sightings (each gap capped at {@code maxGapMs}, the
 * tracker's max-lost), in the bucket of the later sighting.
 */
public class RollupFunction extends KeyedProcessFunction<String, RollupInput, RollupRow> {
    private static final long HOUR = 3_600_000L;

    /** The two bucket sizes. */
    public enum Granularity {
        HOURLY("hourly"), DAILY("daily");

        /** As the rows carry it. */
        public final String code;

        Granularity(String code) {
            this.code = code;
        }
    }

    private final ZoneId dailyZone;
    private final long maxGapMs;

    /** One bucket's running totals. */
    public static class Acc {
        public long detections;
        public long frames;
        public int maxConcurrent;
        public double confidenceSum;
        public double timeInViewS;
        public int episodesStarted;
        /** Its row was written; {@link #changed}: it changed since. */
        public boolean written;
        public boolean changed;

        public Acc() {}
    }

    private transient MapState<String, Acc> buckets; // "<granularity>@<start>@<label>"
    private transient MapState<Long, Long> lastSeen; // track -> last sighting
    private transient ValueState<long[]> clock;
    private transient Counter afterFinal;

    public RollupFunction(ZoneId dailyZone, long maxGapMs) {
        this.dailyZone = dailyZone;
        this.maxGapMs = maxGapMs;
    }

    @Override
    public void open(OpenContext ctx) {
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("buckets", Types.STRING, TypeInformation.of(new TypeHint<Acc>() {})));
        lastSeen = getRuntimeContext().getMapState(new MapStateDescriptor<>("last-seen", Types.LONG, Types.LONG));
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("clock", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        afterFinal = getRuntimeContext().getMetricGroup().addGroup("argus").counter("rollupInputsAfterFinal");
    }

    long dayStart(long ts) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(ts), dailyZone).truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
    }

    long dayEnd(long start) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), dailyZone).plusDays(1).toInstant().toEpochMilli();
    }

    private long end(Granularity g, long start) {
        return g == Granularity.HOURLY ? start + HOUR : dayEnd(start);
    }

    private long start(Granularity g, long ts) {
        return g == Granularity.HOURLY ? BucketClock.hourStart(ts) : dayStart(ts);
    }

    @Override
    public void processElement(RollupInput in, Context ctx, Collector<RollupRow> out) throws Exception {
        long[] stored = clock.value();
        BucketClock c = BucketClock.fromArray(stored);
        switch (in.kind) {
            case OBJECTS -> objects(in, c, ctx);
            case EPISODE -> {
                if (refused(in.ts, c)) break;
                for (Granularity g : Granularity.values()) {
                    Acc a = bucket(g, in.ts, in.label, c, ctx);
                    a.episodesStarted++;
                    put(g, in.ts, in.label, a, c);
                }
            }
            case PROGRESS -> c.observe(in.ts, in.episodeFloor, in.fromFrames);
        }
        if (c.due() && settle(c, ctx, out)) return;
        if (c.empty()) {
            if (stored != null) clock.clear(); // no bucket: a camera's progress alone leaves nothing behind
        } else {
            long[] now = c.toArray();
            if (!java.util.Arrays.equals(now, stored)) clock.update(now); // most objects change no bucket boundary
        }
    }

    /**
     * An input whose hour is final already is refused whole (counted), so the hours and the day keep
     * adding up; the camera's clock makes this impossible unless it was bypassed.
     */
    private boolean refused(long ts, BucketClock c) {
        if (!c.isRetired(end(Granularity.HOURLY, BucketClock.hourStart(ts)))) return false;
        afterFinal.inc();
        return true;
    }

    private void objects(RollupInput in, BucketClock c, Context ctx) throws Exception {
        if (refused(in.ts, c)) return;
        // Per label in this frame: objects, confidence, time in view.
        Map<String, double[]> perLabel = new HashMap<>();
        for (int i = 0; i < in.labels.length; i++) {
            double inView = 0;
            long track = in.trackIds[i];
            if (track > 0) {
                Long prev = lastSeen.get(track);
                if (prev != null && in.ts > prev) inView = Math.min(in.ts - prev, maxGapMs) / 1000.0;
                lastSeen.put(track, in.ts);
            }
            double[] p = perLabel.computeIfAbsent(in.labels[i], k -> new double[3]);
            p[0]++;
            p[1] += in.confidences[i];
            p[2] += inView;
        }
        for (Map.Entry<String, double[]> e : perLabel.entrySet()) {
            double[] p = e.getValue();
            for (Granularity g : Granularity.values()) {
                Acc a = bucket(g, in.ts, e.getKey(), c, ctx);
                a.detections += (long) p[0];
                a.frames++;
                a.maxConcurrent = Math.max(a.maxConcurrent, (int) p[0]);
                a.confidenceSum += p[1];
                a.timeInViewS += p[2];
                put(g, in.ts, e.getKey(), a, c);
            }
        }
    }

    private static String bucketKey(Granularity g, long start, String label) {
        return g.code + "@" + start + "@" + label;
    }

    /** The bucket of {@code ts} for a label, new if need be. */
    private Acc bucket(Granularity g, long ts, String label, BucketClock c, Context ctx) throws Exception {
        long start = start(g, ts);
        Acc a = buckets.get(bucketKey(g, start, label));
        if (a != null) return a;
        if (c.empty()) ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of input writes everything
        return new Acc();
    }

    private void put(Granularity g, long ts, String label, Acc a, BucketClock c) throws Exception {
        long start = start(g, ts);
        if (a.written) a.changed = true;
        c.changed(end(g, start));
        buckets.put(bucketKey(g, start, label), a);
    }

    /**
     * Writes the buckets that are complete and retires the final ones (all of them at the end of input).
     * @return true when no bucket is left and all state was cleared
     */
    private boolean settle(BucketClock c, Context ctx, Collector<RollupRow> out) throws Exception {
        String[] key = ctx.getCurrentKey().split("\\|", 2);
        long nextWrite = Long.MAX_VALUE, nextRetire = Long.MAX_VALUE;
        List<String> retired = new ArrayList<>();
        Map<String, Acc> rewritten = new HashMap<>();
        for (Map.Entry<String, Acc> e : buckets.entries()) {
            String[] k = e.getKey().split("@", 3);
            Granularity g = k[0].equals(Granularity.HOURLY.code) ? Granularity.HOURLY : Granularity.DAILY;
            long start = Long.parseLong(k[1]);
            long end = end(g, start);
            Acc a = e.getValue();
            BucketClock.Fate fate = c.fate(end, !a.written || a.changed);
            if (fate == BucketClock.Fate.WRITE || fate == BucketClock.Fate.WRITE_AND_RETIRE) {
                out.collect(row(g, key[0], key[1], k[2], start, a));
                a.written = true;
                a.changed = false;
            }
            switch (fate) {
                case WRITE -> rewritten.put(e.getKey(), a);
                case WRITE_AND_RETIRE, RETIRE -> retired.add(e.getKey());
                case KEEP -> {
                    if (!a.written || a.changed) nextWrite = Math.min(nextWrite, end);
                }
            }
            if (fate == BucketClock.Fate.WRITE || fate == BucketClock.Fate.KEEP) nextRetire = Math.min(nextRetire, end);
        }
        for (String k : retired) buckets.remove(k);
        buckets.putAll(rewritten);
        c.settled(nextWrite, nextRetire);
        if (!retired.isEmpty()) {
            // Tracks unseen for longer than a gap add nothing more: forget them.
            List<Long> stale = new ArrayList<>();
            for (Map.Entry<Long, Long> e : lastSeen.entries()) if (e.getValue() < c.frameHorizon() - maxGapMs) stale.add(e.getKey());
            for (Long t : stale) lastSeen.remove(t);
        }
        if (c.empty()) {
            // Nothing open: every later input is past the retired buckets (the camera's clock sees to that).
            ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
            buckets.clear();
            lastSeen.clear();
            clock.clear();
            return true;
        }
        return false;
    }

    private static RollupRow row(Granularity g, String camera, String model, String label, long start, Acc a) {
        RollupRow r = new RollupRow();
        r.granularity = g.code;
        r.cameraId = camera;
        r.modelId = model;
        r.label = label;
        r.bucket = start;
        r.detections = a.detections;
        r.frames = a.frames;
        r.maxConcurrent = a.maxConcurrent;
        r.confidenceSum = a.confidenceSum;
        r.episodesStarted = a.episodesStarted;
        r.timeInViewS = a.timeInViewS;
        return r;
    }

    /** The end of input (a bounded run, a drain): every bucket is final. */
    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<RollupRow> out) throws Exception {
        if (ts != Long.MAX_VALUE) return;
        BucketClock c = BucketClock.fromArray(clock.value());
        c.observe(Long.MAX_VALUE, Long.MAX_VALUE, true);
        settle(c, ctx, out);
    }
}
