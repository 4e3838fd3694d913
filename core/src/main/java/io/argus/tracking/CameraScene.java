package io.argus.tracking;

import io.argus.config.CameraSpec;
import io.argus.vision.Detection;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything one camera knows between frames: its tracker, its open episodes and the state of its
 * action rules. Pure and serialisable; the Flink operator keeps one per camera in keyed state and
 * feeds it frames in capture order ({@link #onFrame}) and the passing of event time ({@link #onTime}).
 */
public final class CameraScene implements Serializable {
    // Scenes live in checkpoints and savepoints (Java-serialised): bump only for incompatible changes.
    private static final long serialVersionUID = 1L;

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
        public static Options defaults() {
            return new Options(5000, 1000, 10_000, 0.02, 30_000, 3, 2, 30_000, 3, 10_000, Tracker.Options.defaults());
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

    /** Per track: its episode (once debounced), stillness and rule states. */
    private static final class TrackState implements Serializable {
        private static final long serialVersionUID = 1L;
        Episode episode;
        long lastEmitted = Long.MIN_VALUE;
        double anchorX = Double.NaN, anchorY;
        long stillSince;
        double lastFootX = Double.NaN, lastFootY;
        long lastTs;
        boolean stationaryReported;
        double reportedX, reportedY;
        int awayStreak;
        final Map<String, ZoneState> zones = new HashMap<>();
        final Map<String, LineState> lines = new HashMap<>();
    }

    private static final class ZoneState implements Serializable {
        private static final long serialVersionUID = 1L;
        boolean inside;
        int streak;
        long enteredAt;
        boolean loiterReported;
    }

    private static final class LineState implements Serializable {
        private static final long serialVersionUID = 1L;
        int side;
        int candidate;
        int streak;
    }

    private static final class CrowdState implements Serializable {
        private static final long serialVersionUID = 1L;
        long since = Long.MIN_VALUE;
        boolean reported;
    }

    private final String cameraId;
    private final String modelId;
    private final List<CameraSpec.Zone> zones;
    private final List<CameraSpec.Line> lines;
    private Options options;
    private final Tracker tracker;
    private final Map<Long, TrackState> states = new HashMap<>();
    private final Map<String, CrowdState> crowds = new HashMap<>();

    public CameraScene(String cameraId, String modelId, List<CameraSpec.Zone> zones, List<CameraSpec.Line> lines, Options options) {
        this.cameraId = cameraId;
        this.modelId = modelId;
        this.zones = List.copyOf(zones);
        this.lines = List.copyOf(lines);
        this.options = options;
        this.tracker = new Tracker(options.tracker());
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
        Map<String, Integer> zoneCounts = new HashMap<>();
        for (TrackedObject o : tracked) {
            TrackState s = states.computeIfAbsent(o.trackId(), k -> new TrackState());
            Detection d = o.detection();
            double fx = o.footX(), fy = o.footY();
            Track t = track(o.trackId());
            boolean wasStill = stillness(s, o, ts, fx, fy, out);
            // Episode: opens after the debounce, then follows the object.
            if (s.episode == null && t != null && ts - t.firstSeen >= options.minDurationMs()) {
                Episode e = new Episode();
                e.cameraId = cameraId;
                e.modelId = modelId;
                e.trackId = o.trackId();
                e.label = d.label;
                e.startedAt = t.firstSeen;
                e.id = Episode.idOf(cameraId, modelId, o.trackId(), t.firstSeen);
                e.status = "open";
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
            zoneRules(o, s, ts, fx, fy, wasStill, out, zoneCounts);
            if (!wasStill) lineRules(o, s, ts, fx, fy, out);
            if (e != null && (s.lastEmitted == Long.MIN_VALUE || ts - s.lastEmitted >= options.upsertEveryMs())) {
                s.lastEmitted = ts;
                out.episodes().add(e.copy());
            }
        }
        crowding(ts, zoneCounts, out);
        return out;
    }

    /** Tracks the foot point's stillness; emits 'stationary' once when it has been still long enough. */
    private boolean stillness(TrackState s, TrackedObject o, long ts, double fx, double fy, Output out) {
        boolean away = !Double.isNaN(s.anchorX) && Math.hypot(fx - s.anchorX, fy - s.anchorY) > options.stationaryTolerance();
        // One box off by more than the tolerance is detector jitter; two in a row is movement.
        s.awayStreak = away ? s.awayStreak + 1 : 0;
        if (Double.isNaN(s.anchorX) || s.awayStreak >= 2) {
            s.anchorX = fx;
            s.anchorY = fy;
            s.stillSince = ts;
            s.awayStreak = 0;
            return false;
        }
        boolean still = ts - s.stillSince >= options.stationaryMs();
        // One 'stationary' per place: a parked car whose box jitters past the tolerance and settles
        // again is not news; it must move well away (5x the tolerance) before it can be reported again.
        if (s.stationaryReported && Math.hypot(fx - s.reportedX, fy - s.reportedY) > 5 * options.stationaryTolerance()) {
            s.stationaryReported = false;
        }
        if (still && !s.stationaryReported && s.episode != null) {
            s.stationaryReported = true;
            s.reportedX = fx;
            s.reportedY = fy;
            out.actions().add(Action.of(cameraId, modelId, ts, "stationary", o.trackId(), o.detection().label, null,
                    String.format(Locale.ROOT, "{\"still_since\":%d}", s.stillSince)));
        }
        return still;
    }

    private void zoneRules(TrackedObject o, TrackState s, long ts, double fx, double fy, boolean still, Output out,
            Map<String, Integer> counts) {
        String label = o.detection().label;
        for (CameraSpec.Zone z : zones) {
            ZoneState zs = s.zones.computeIfAbsent(z.name(), k -> new ZoneState());
            boolean in = Geometry.inside(z.polygon(), fx, fy);
            if (in != zs.inside) {
                zs.streak++;
                if (zs.streak >= options.zoneInertia()) {
                    zs.inside = in;
                    zs.streak = 0;
                    if (in) {
                        zs.enteredAt = ts;
                        zs.loiterReported = false;
                        if (s.episode != null) s.episode.zones.add(z.name());
                    }
                    if (!still) out.actions().add(Action.of(cameraId, modelId, ts, in ? "zone_enter" : "zone_exit", o.trackId(), label, z.name(), null));
                }
            } else {
                zs.streak = 0;
            }
            if (zs.inside) {
                counts.merge(z.name() + "\u0000" + label, 1, Integer::sum);
                if (s.episode != null) s.episode.zones.add(z.name());
                // Loitering counts still objects too: someone who stopped in the zone is loitering.
                if (!zs.loiterReported && ts - zs.enteredAt >= options.loiterMs()) {
                    zs.loiterReported = true;
                    out.actions().add(Action.of(cameraId, modelId, ts, "loitering", o.trackId(), label, z.name(),
                            String.format(Locale.ROOT, "{\"dwell_ms\":%d,\"entered_at\":%d}", ts - zs.enteredAt, zs.enteredAt)));
                }
            }
        }
    }

    private void lineRules(TrackedObject o, TrackState s, long ts, double fx, double fy, Output out) {
        for (CameraSpec.Line l : lines) {
            LineState ls = s.lines.computeIfAbsent(l.name(), k -> new LineState());
            int side = Geometry.side(l, fx, fy);
            if (side == 0 || side == ls.side) {
                ls.streak = 0;
                continue;
            }
            if (side != ls.candidate) {
                ls.candidate = side;
                ls.streak = 0;
            }
            ls.streak++;
            if (ls.side == 0) {
                ls.side = side; // first sighting: where it starts, not a crossing
                ls.streak = 0;
            } else if (ls.streak >= options.lineInertia()) {
                out.actions().add(Action.of(cameraId, modelId, ts, "line_cross", o.trackId(), o.detection().label, l.name(),
                        "{\"direction\":\"" + (ls.side < 0 ? "A->B" : "B->A") + "\"}"));
                ls.side = side;
                ls.streak = 0;
            }
        }
    }

    private void crowding(long ts, Map<String, Integer> counts, Output out) {
        Set<String> keys = new HashSet<>(crowds.keySet());
        keys.addAll(counts.keySet());
        for (String k : keys) {
            int n = counts.getOrDefault(k, 0);
            CrowdState c = crowds.computeIfAbsent(k, x -> new CrowdState());
            if (n <= options.crowdingCount()) {
                crowds.remove(k);
                continue;
            }
            if (c.since == Long.MIN_VALUE) c.since = ts;
            if (!c.reported && ts - c.since >= options.crowdingMs()) {
                c.reported = true;
                String[] zl = k.split("\u0000", 2);
                out.actions().add(Action.of(cameraId, modelId, ts, "crowding", 0, zl[1], zl[0],
                        String.format(Locale.ROOT, "{\"count\":%d,\"since\":%d}", n, c.since)));
            }
        }
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
                s.episode.status = "closed";
                out.episodes().add(s.episode.copy());
            }
            it.remove();
        }
        tracker.expire(ts);
        if (states.isEmpty()) crowds.clear();
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
