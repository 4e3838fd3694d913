package io.argus.tracking;

import io.argus.config.CameraSpec;
import io.argus.vision.Detection;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything one camera knows between frames: its tracker, its episodes' lifecycle (opened after a
 * debounce, followed, closed after a gap) and its action rules ({@link SceneRule}: stationary, zones,
 * line crossings, crowding), each a small class with its own state. Pure and serialisable; the Flink operator keeps one per camera in keyed state and
 * feeds it frames in capture order ({@link #onFrame}) and the passing of event time ({@link #onTime}).
 */
public final class CameraScene implements Serializable {
    // Scenes live in checkpoints and savepoints (Java-serialised): bump only for incompatible changes.
    private static final long serialVersionUID = 2L;

    /**
     * @param gapMs an episode closes when its object has not been seen for this long
     * @param minDurationMs an object must be seen this long before its episode opens (debounce)
     * @param upsertEveryMs an open episode is re-emitted at most this often (not per frame)
     * @param stationaryTolerance foot-point movement (frame widths) under which an object counts as still
     * @param stationaryMs still for this long = stationary
     * @param zoneInertia frames in a row inside (outside) a zone before an enter (exit) counts
     * @param lineInertia frames in a row on the new side before a line crossing counts
     * @param loiterMs dwell in a zone longer than this = loitering
     * @param crowdingCount more than this many objects of one label in a zone ...
     * @param crowdingMs ... for this long = crowding
     */
    public record Options(long gapMs, long minDurationMs, long upsertEveryMs, double stationaryTolerance, long stationaryMs,
            int zoneInertia, int lineInertia, long loiterMs, int crowdingCount, long crowdingMs, Tracker.Options tracker)
            implements Serializable {
        /** The documented defaults (see ArgusOptions, which takes them from here). */
        public static Options defaults() {
            return builder().build();
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these values, to change some of them. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.gapMs = gapMs;
            b.minDurationMs = minDurationMs;
            b.upsertEveryMs = upsertEveryMs;
            b.stationaryTolerance = stationaryTolerance;
            b.stationaryMs = stationaryMs;
            b.zoneInertia = zoneInertia;
            b.lineInertia = lineInertia;
            b.loiterMs = loiterMs;
            b.crowdingCount = crowdingCount;
            b.crowdingMs = crowdingMs;
            b.tracker = tracker;
            return b;
        }

        /** Named settings, each starting at its default. */
        public static final class Builder {
            private long gapMs = 5000;
            private long minDurationMs = 1000;
            private long upsertEveryMs = 10_000;
            private double stationaryTolerance = 0.02;
            private long stationaryMs = 30_000;
            private int zoneInertia = 3;
            private int lineInertia = 2;
            private long loiterMs = 30_000;
            private int crowdingCount = 3;
            private long crowdingMs = 10_000;
            private Tracker.Options tracker = Tracker.Options.defaults();

            private Builder() {}

            public Builder gapMs(long v) {
                gapMs = v;
                return this;
            }

            public Builder minDurationMs(long v) {
                minDurationMs = v;
                return this;
            }

            public Builder upsertEveryMs(long v) {
                upsertEveryMs = v;
                return this;
            }

            public Builder stationaryTolerance(double v) {
                stationaryTolerance = v;
                return this;
            }

            public Builder stationaryMs(long v) {
                stationaryMs = v;
                return this;
            }

            public Builder zoneInertia(int v) {
                zoneInertia = v;
                return this;
            }

            public Builder lineInertia(int v) {
                lineInertia = v;
                return this;
            }

            public Builder loiterMs(long v) {
                loiterMs = v;
                return this;
            }

            public Builder crowdingCount(int v) {
                crowdingCount = v;
                return this;
            }

            public Builder crowdingMs(long v) {
                crowdingMs = v;
                return this;
            }

            public Builder tracker(Tracker.Options v) {
                tracker = v;
                return this;
            }

            public Options build() {
                return new Options(gapMs, minDurationMs, upsertEveryMs, stationaryTolerance, stationaryMs, zoneInertia, lineInertia, loiterMs, crowdingCount, crowdingMs, tracker);
            }
        }
    }

    /**
     * What one step produced: episode rows to upsert, actions to record, the frame's tracked objects,
     * and the episodes that opened in this step (each exactly once in its life, for counting).
     */
    public record Output(List<Episode> episodes, List<Action> actions, List<TrackedObject> tracked, List<Episode> opened) {
        static Output empty() {
            return new Output(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** Per track: its episode (once debounced) and where it was last seen. */
    private static final class TrackState implements Serializable {
        private static final long serialVersionUID = 1L;
        Episode episode;
        long lastEmitted = Long.MIN_VALUE;
        double lastFootX = Double.NaN, lastFootY;
        long lastTs;
    }

    private final String cameraId;
    private final String modelId;
    private Options options;
    private final Tracker tracker;
    private final Map<Long, TrackState> states = new HashMap<>();
    private final StationaryRule stationary = new StationaryRule();
    /** The action rules after stillness, in the order they see each object (crowding reads the zones). */
    private final List<SceneRule> rules;

    public CameraScene(String cameraId, String modelId, List<CameraSpec.Zone> zones, List<CameraSpec.Line> lines, Options options) {
        this.cameraId = cameraId;
        this.modelId = modelId;
        this.options = options;
        this.tracker = new Tracker(options.tracker());
        ZoneRule zoneRule = new ZoneRule(zones);
        this.rules = List.of(zoneRule, new LineCrossingRule(lines), new CrowdingRule(cameraId, modelId, zoneRule));
    }

    /**
     * Applies the job's current options to a scene restored from a checkpoint or savepoint, which
     * carries the options it was created with (a restart with changed settings uses the new ones).
     */
    public void useOptions(Options current) {
        if (current.equals(options)) return;
        options = current;
        tracker.useOptions(current.tracker());
    }

    public Output onFrame(long ts, long frameId, List<Detection> detections) {
        Output out = Output.empty();
        List<TrackedObject> tracked = tracker.update(ts, detections);
        out.tracked().addAll(tracked);
        for (TrackedObject o : tracked) {
            TrackState s = states.computeIfAbsent(o.trackId(), k -> new TrackState());
            Detection d = o.detection();
            double fx = o.footX(), fy = o.footY();
            Track t = track(o.trackId());
            // Stillness first, with the episode as it was before this frame (stationary needs an open one).
            boolean wasStill = stationary.still(new SceneRule.Sighting(cameraId, modelId, ts, o, fx, fy, false, s.episode, options),
                    out.actions());
            // Episode: opens after the debounce, then follows the object.
            if (s.episode == null && t != null && ts - t.firstSeen >= options.minDurationMs()) {
                Episode e = new Episode();
                e.cameraId = cameraId;
                e.modelId = modelId;
                e.trackId = o.trackId();
                e.label = d.label;
                e.startedAt = t.firstSeen;
                e.id = Episode.idOf(cameraId, modelId, o.trackId(), t.firstSeen);
                e.status = EpisodeStatus.OPEN;
                s.episode = e;
                out.opened().add(e);
            }
            Episode e = s.episode;
            if (e != null) {
                e.endedAt = ts;
                e.frames++;
                if (d.confidence > e.peakConfidence) {
                    e.peakConfidence = d.confidence;
                    e.bestFrameId = frameId;
                    e.bestX = d.x;
                    e.bestY = d.y;
                    e.bestW = d.w;
                    e.bestH = d.h;
                }
                if (!Double.isNaN(s.lastFootX) && ts > s.lastTs) {
                    double speed = Math.hypot(fx - s.lastFootX, fy - s.lastFootY) / ((ts - s.lastTs) / 1000.0);
                    e.maxSpeed = (float) Math.max(e.maxSpeed, speed);
                }
                e.stationary = wasStill;
            }
            s.lastFootX = fx;
            s.lastFootY = fy;
            s.lastTs = ts;
            SceneRule.Sighting seen = new SceneRule.Sighting(cameraId, modelId, ts, o, fx, fy, wasStill, e, options);
            for (SceneRule r : rules) r.onObject(seen, out.actions());
            if (e != null && (s.lastEmitted == Long.MIN_VALUE || ts - s.lastEmitted >= options.upsertEveryMs())) {
                s.lastEmitted = ts;
                out.episodes().add(e.copy());
            }
        }
        for (SceneRule r : rules) r.onFrameEnd(ts, options, out.actions());
        return out;
    }

    /** Event time has reached {@code ts}: closes the episodes whose objects have been gone for the gap. */
    public Output onTime(long ts) {
        Output out = Output.empty();
        for (Iterator<Map.Entry<Long, TrackState>> it = states.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, TrackState> en = it.next();
            TrackState s = en.getValue();
            long lastSeen = s.episode != null ? s.episode.endedAt : s.lastTs;
            if (ts - lastSeen < options.gapMs()) continue;
            if (s.episode != null) {
                s.episode.status = EpisodeStatus.CLOSED;
                out.episodes().add(s.episode.copy());
            }
            it.remove();
            stationary.forget(en.getKey());
            for (SceneRule r : rules) r.forget(en.getKey());
        }
        tracker.expire(ts);
        if (states.isEmpty()) for (SceneRule r : rules) r.clear();
        return out;
    }

    /** When {@link #onTime} next has something to close, or Long.MAX_VALUE. */
    public long nextDeadline() {
        long m = Long.MAX_VALUE;
        for (TrackState s : states.values()) m = Math.min(m, (s.episode != null ? s.episode.endedAt : s.lastTs) + options.gapMs());
        return m;
    }

    /**
     * The earliest start any episode not yet opened can have, once event time is at {@code now}: the
     * first sighting of a track still without an episode, else just after {@code now}. A bucket that
     * ends at or before this has seen every episode that will ever start in it.
     */
    public long episodeFloor(long now) {
        long floor = afterTime(now);
        for (Track t : tracker.live()) {
            TrackState s = states.get(t.id);
            if (s == null || s.episode == null) floor = Math.min(floor, t.firstSeen);
        }
        return floor;
    }

    /** The episode floor of a camera with nothing tracked: just after {@code now}. */
    public static long afterTime(long now) {
        return now == Long.MAX_VALUE ? now : now + 1;
    }

    /** Confirmed tracks the tracker holds now (for the openTracks gauge). */
    public int openTracks() {
        int n = 0;
        for (Track t : tracker.tracks()) if (t.confirmed) n++;
        return n;
    }

    /** Episodes opened (past the debounce) and not yet closed (for the openEpisodes gauge). */
    public int openEpisodes() {
        int n = 0;
        for (TrackState s : states.values()) if (s.episode != null) n++;
        return n;
    }

    /** Nothing tracked and nothing open: the operator can drop this camera's state. */
    public boolean isIdle() {
        return states.isEmpty() && tracker.isEmpty();
    }

    private Track track(long id) {
        return tracker.find(id);
    }
}
