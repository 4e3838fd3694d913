package io.argus.job;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Hourly and daily rollups per camera, model and label, in event time. Inputs come from the scene
 * operator in capture order, so a frame's objects of one label arrive together (that is how
 * max_concurrent is counted without keeping frames). Time in view adds, per confirmed track, the time
 * between its consecutive sightings (each gap capped at {@code maxGapMs}, the tracker's max-lost).
 * A bucket is written when event time passes its end, and again, final, {@code lingerMs} later, so
 * episodes that open just after the boundary (their start is earlier, by the debounce) still count
 * in the bucket where they started. Then its state is cleared.
 */
public class RollupFunction extends KeyedProcessFunction<String, RollupInput, RollupRow> {
    private final ZoneId dailyZone;
    private final long maxGapMs;
    private final long lingerMs;

    /** One bucket's running totals. */
    public static class Acc {
        public long detections;
        public long frames;
        public int maxConcurrent;
        public double confidenceSum;
        public double timeInViewS;
        public int episodesStarted;
        /**
         * Written by earlier builds: every episode id of the bucket, which RocksDB re-serialized with each
         * detection (a whole day's ids for the daily bucket). No longer written; kept so that their savepoints
         * restore with their counts.
         */
        public HashSet<String> episodes = new HashSet<>();

        public Acc() {}
    }

    private transient MapState<String, Acc> buckets; // "hourly@<start>" / "daily@<start>"
    private transient MapState<Long, Long> lastSeen; // track -> last sighting
    private transient MapState<String, Long> frame;  // "id" -> current frame id, "count" -> its objects so far
    private transient MapState<String, Long> counted; // episode id -> when it may be forgotten (its day's end + linger)

    public RollupFunction(ZoneId dailyZone, long maxGapMs, long lingerMs) {
        this.dailyZone = dailyZone;
        this.maxGapMs = maxGapMs;
        this.lingerMs = lingerMs;
    }

    @Override
    public void open(OpenContext ctx) {
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("buckets", Types.STRING, TypeInformation.of(new TypeHint<Acc>() {})));
        lastSeen = getRuntimeContext().getMapState(new MapStateDescriptor<>("last-seen", Types.LONG, Types.LONG));
        frame = getRuntimeContext().getMapState(new MapStateDescriptor<>("frame", Types.STRING, Types.LONG));
        counted = getRuntimeContext().getMapState(new MapStateDescriptor<>("counted-episodes", Types.STRING, Types.LONG));
    }

    static long hourStart(long ts) {
        return Math.floorDiv(ts, 3_600_000L) * 3_600_000L;
    }

    long dayStart(long ts) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(ts), dailyZone).truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
    }

    long dayEnd(long start) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), dailyZone).plusDays(1).toInstant().toEpochMilli();
    }

    @Override
    public void processElement(RollupInput in, Context ctx, Collector<RollupRow> out) throws Exception {
        List<String> keys = List.of("hourly@" + hourStart(in.ts), "daily@" + dayStart(in.ts));
        Map<String, Acc> accs = new HashMap<>();
        for (String k : keys) {
            Acc a = buckets.get(k);
            if (a == null) {
                a = new Acc();
                long start = Long.parseLong(k.substring(k.indexOf('@') + 1));
                long end = k.startsWith("hourly") ? start + 3_600_000L : dayEnd(start);
                ctx.timerService().registerEventTimeTimer(end - 1);
                ctx.timerService().registerEventTimeTimer(end - 1 + lingerMs);
            }
            accs.put(k, a);
        }
        if (in.episodeId != null) {
            // An episode is upserted many times (open, updates, closed), always with its start time:
            // counted once, by a point lookup rather than a set of the bucket's episodes.
            if (!counted.contains(in.episodeId)) {
                counted.put(in.episodeId, dayEnd(dayStart(in.ts)) - 1 + lingerMs);
                for (Acc a : accs.values()) if (!a.episodes.contains(in.episodeId)) a.episodesStarted++;
            }
        } else {
            Long current = frame.get("id");
            boolean newFrame = current == null || current != in.frameId;
            long count = newFrame ? 1 : frame.get("count") + 1;
            frame.put("id", in.frameId);
            frame.put("count", count);
            double inView = 0;
            if (in.trackId > 0) {
                Long prev = lastSeen.get(in.trackId);
                if (prev != null && in.ts > prev) inView = Math.min(in.ts - prev, maxGapMs) / 1000.0;
                lastSeen.put(in.trackId, in.ts);
            }
            for (Acc a : accs.values()) {
                a.detections++;
                if (newFrame) a.frames++;
                a.maxConcurrent = (int) Math.max(a.maxConcurrent, count);
                a.confidenceSum += in.confidence;
                a.timeInViewS += inView;
            }
        }
        for (Map.Entry<String, Acc> e : accs.entrySet()) buckets.put(e.getKey(), e.getValue());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<RollupRow> out) throws Exception {
        String[] key = ctx.getCurrentKey().split("\\|", 3);
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Acc> e : buckets.entries()) {
            String k = e.getKey();
            long start = Long.parseLong(k.substring(k.indexOf('@') + 1));
            boolean hourly = k.startsWith("hourly");
            long end = hourly ? start + 3_600_000L : dayEnd(start);
            if (ts < end - 1) continue;
            Acc a = e.getValue();
            RollupRow r = new RollupRow();
            r.granularity = hourly ? "hourly" : "daily";
            r.cameraId = key[0];
            r.modelId = key[1];
            r.label = key[2];
            r.bucket = start;
            r.detections = a.detections;
            r.frames = a.frames;
            r.maxConcurrent = a.maxConcurrent;
            r.confidenceSum = a.confidenceSum;
            r.episodesStarted = a.episodesStarted + a.episodes.size();
            r.timeInViewS = a.timeInViewS;
            out.collect(r);
            if (ts >= end - 1 + lingerMs) done.add(k);
        }
        for (String k : done) buckets.remove(k);
        // Tracks unseen for longer than a gap add nothing more: forget them.
        Set<Long> stale = new HashSet<>();
        for (Map.Entry<Long, Long> e : lastSeen.entries()) if (ts - e.getValue() > maxGapMs) stale.add(e.getKey());
        for (Long t : stale) lastSeen.remove(t);
        List<String> forget = new ArrayList<>();
        for (Map.Entry<String, Long> e : counted.entries()) if (ts >= e.getValue()) forget.add(e.getKey());
        for (String id : forget) counted.remove(id);
        if (buckets.isEmpty()) {
            lastSeen.clear();
            frame.clear();
            counted.clear();
        }
    }
}
