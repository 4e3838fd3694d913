package io.argus.tracking;

import io.argus.vision.Appearance;
import io.argus.vision.Detection;
import io.argus.vision.NonMaxSuppression;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Multi-object tracker for one camera, in the manner of ByteTrack: boxes are associated to tracks by
 * IoU against each track's constant-velocity prediction (or its last box, whichever overlaps more),
 * confident detections first, then the weak ones to keep existing tracks alive through a dim frame.
 * A track is confirmed after {@code confirmHits} hits in a row; an unconfirmed track dies at its first
 * miss; a confirmed track that is missed is <em>lost</em> and kept for {@code maxLostMs}.
 *
 * <p>A lost track (hidden behind another person or a post, missed in a crowd) has usually moved too
 * far for its box to overlap where it reappears. So the confident detections nobody claimed are then
 * offered to the lost tracks by distance: the detection's centre must lie within
 * {@code reidDistance} box heights of where the track would be (its velocity carried on for at most
 * {@link #MAX_COAST_MS}) or of where it was last seen, with a box height within
 * {@code reidSizeRatio} of the track's. The nearest pairs win. A detection claimed by a track seen in
 * this frame is never offered, so two objects in view at the same time never share a track.
 *
 * <p>Only confirmed tracks are reported. Pure and serialisable: the Flink operator keeps one per
 * camera in keyed state.
 */
public final class Tracker implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A lost track's predicted position follows its velocity for at most this long, then stays. */
    static final long MAX_COAST_MS = 1500;
    /** Distances to where a lost track was last seen count this much more than to where it would be. */
    static final double LAST_SEEN_HANDICAP = 1.5;

    /**
     * @param highThreshold detections at or above start and extend tracks (stage 1)
     * @param lowThreshold detections between this and highThreshold only extend tracks (stage 2)
     * @param matchIou least IoU between prediction and detection to associate them
     * @param confirmHits hits in a row before a track is confirmed
     * @param maxLostMs how long a confirmed track survives unseen
     * @param reidDistance a lost track takes a detection whose centre is within this many of its box
     *        heights of its predicted or last centre (0: lost tracks match by IoU only)
     * @param reidSizeRatio ... and whose box height is within this ratio of its own (e.g. 1.5)
     * @param minAppearance where both carry a colour cue ({@link Appearance}), a track takes no
     *        detection less alike than this (0..1; 0: colours never forbid a match), and every match is
     *        ranked by overlap or distance weighed by likeness, so that where two boxes meet each keeps
     *        its own colours
     */
    public record Options(float highThreshold, float lowThreshold, float matchIou, int confirmHits, long maxLostMs,
            float reidDistance, float reidSizeRatio, float minAppearance) implements Serializable {
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
            b.highThreshold = highThreshold;
            b.lowThreshold = lowThreshold;
            b.matchIou = matchIou;
            b.confirmHits = confirmHits;
            b.maxLostMs = maxLostMs;
            b.reidDistance = reidDistance;
            b.reidSizeRatio = reidSizeRatio;
            b.minAppearance = minAppearance;
            return b;
        }

        /** Named settings, each starting at its default. */
        public static final class Builder {
            private float highThreshold = 0.5f;
            private float lowThreshold = 0.1f;
            private float matchIou = 0.3f;
            private int confirmHits = 3;
            private long maxLostMs = 4000;
            private float reidDistance = 1.0f;
            private float reidSizeRatio = 1.5f;
            private float minAppearance = 0.5f;

            private Builder() {}

            public Builder highThreshold(float v) {
                highThreshold = v;
                return this;
            }

            public Builder lowThreshold(float v) {
                lowThreshold = v;
                return this;
            }

            public Builder matchIou(float v) {
                matchIou = v;
                return this;
            }

            public Builder confirmHits(int v) {
                confirmHits = v;
                return this;
            }

            public Builder maxLostMs(long v) {
                maxLostMs = v;
                return this;
            }

            public Builder reidDistance(float v) {
                reidDistance = v;
                return this;
            }

            public Builder reidSizeRatio(float v) {
                reidSizeRatio = v;
                return this;
            }

            public Builder minAppearance(float v) {
                minAppearance = v;
                return this;
            }

            public Options build() {
                return new Options(highThreshold, lowThreshold, matchIou, confirmHits, maxLostMs, reidDistance, reidSizeRatio, minAppearance);
            }
        }
    }

    private Options options;
    private final List<Track> tracks = new ArrayList<>();
    /** Kept so scenes of earlier builds still deserialize; ids come from {@link #trackId} now. */
    @SuppressWarnings("unused")
    private long nextId = 1;

    /** Most new tracks one frame can start (a model keeps at most a few hundred boxes a frame). */
    static final int PER_FRAME = 1000;

    /**
     * A track's id: its first sighting's capture time in ms times {@value #PER_FRAME}, plus one plus its
     * rank among the tracks that frame started (so never 0, which means "no track"). Never reused for the camera and model, whatever happens between
     * (quiet periods that clear the scene, restarts without state, rescaling), and the same on a replay.
     * About 1.8e15 today: exact in any language's doubles (below 2^53) until the year 2255.
     */
    public static long trackId(long firstSeenMs, int rank) {
        return firstSeenMs * PER_FRAME + rank + 1;
    }

    public Tracker(Options options) {
        this.options = options;
    }

    /** Takes the job's current options (see {@link CameraScene#useOptions}). */
    void useOptions(Options current) {
        options = current;
    }

    /** Feeds one frame (frames must come in capture order); returns its detections that belong to confirmed tracks. */
    public List<TrackedObject> update(long ts, List<Detection> detections) {
        List<Detection> high = new ArrayList<>(), low = new ArrayList<>();
        for (Detection d : detections) {
            if (d.confidence >= options.highThreshold()) high.add(d);
            else if (d.confidence >= options.lowThreshold()) low.add(d);
        }
        List<Track> unmatched = new ArrayList<>(tracks);
        List<TrackedObject> out = new ArrayList<>();
        List<Detection> unmatchedHigh = associate(ts, high, unmatched, out);
        associate(ts, low, unmatched, out);
        if (options.reidDistance() > 0) unmatchedHigh = reacquire(ts, unmatchedHigh, unmatched, out);
        // Tracks not seen in this frame: unconfirmed ones die, those that walked out of view are gone,
        // the others are lost for up to maxLostMs.
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (!unmatched.contains(t)) continue;
            t.missed++;
            if (!t.confirmed || ts - t.lastSeen > options.maxLostMs() || leftTheView(t)) it.remove();
        }
        // New tentative tracks from confident detections nobody claimed.
        int rank = 0;
        for (Detection d : unmatchedHigh) {
            if (rank >= PER_FRAME - 1) break;
            Track t = new Track();
            t.id = trackId(ts, rank++);
            t.label = d.label;
            t.classId = d.classId;
            t.x = d.x;
            t.y = d.y;
            t.w = d.w;
            t.h = d.h;
            t.confidence = d.confidence;
            t.appearance = d.appearance;
            t.firstSeen = ts;
            t.lastSeen = ts;
            t.hits = 1;
            t.confirmed = options.confirmHits() <= 1;
            tracks.add(t);
            if (t.confirmed) out.add(new TrackedObject(t.id, d));
        }
        return out;
    }

    /** Greedy IoU matching of detections to the still-unmatched tracks of the same label; returns the detections left over. */
    private List<Detection> associate(long ts, List<Detection> dets, List<Track> unmatched, List<TrackedObject> out) {
        List<Candidate> pairs = new ArrayList<>();
        for (Track t : unmatched) {
            long coast = Math.min(ts - t.lastSeen, MAX_COAST_MS);
            float px = t.x + t.vx * coast, py = t.y + t.vy * coast;
            NonMaxSuppression.Box predicted = new NonMaxSuppression.Box(0, 0, px, py, px + t.w, py + t.h);
            NonMaxSuppression.Box last = new NonMaxSuppression.Box(0, 0, t.x, t.y, t.x + t.w, t.y + t.h);
            // A track seen in the previous frame: the prediction, or where it was last seen (one bad box
            // skews the velocity, and an object that stopped or turned is still where it was). A track
            // missed since: the prediction only, for where it was is now where whoever hid it may be.
            boolean fresh = t.missed == 0;
            for (Detection d : dets) {
                if (!d.label.equals(t.label)) continue;
                NonMaxSuppression.Box db = d.box();
                float iou = NonMaxSuppression.iou(predicted, db);
                if (fresh) iou = Math.max(iou, NonMaxSuppression.iou(last, db));
                if (iou < options.matchIou()) continue;
                double like = Appearance.similarity(t.appearance, d.appearance);
                if (like < options.minAppearance()) continue; // NaN (no cue) passes
                pairs.add(new Candidate(t, d, -(Double.isNaN(like) ? iou : iou * (0.5 + 0.5 * like)))); // best overlap first
            }
        }
        return assign(ts, pairs, dets, unmatched, out);
    }

    /** A possible match and its cost (lower is better). */
    private record Candidate(Track t, Detection d, double cost) {}

    /**
     * Greedy assignment, cheapest candidates first, each track and detection at most once; returns
     * the detections left over. Confirmed tracks report their detection.
     */
    private List<Detection> assign(long ts, List<Candidate> candidates, List<Detection> dets, List<Track> unmatched, List<TrackedObject> out) {
        candidates.sort(Comparator.comparingDouble(Candidate::cost));
        List<Detection> left = new ArrayList<>(dets);
        for (Candidate c : candidates) {
            if (!unmatched.contains(c.t()) || !left.contains(c.d())) continue;
            unmatched.remove(c.t());
            left.remove(c.d());
            hit(c.t(), c.d(), ts);
            if (c.t().confirmed) out.add(new TrackedObject(c.t().id, c.d()));
        }
        return left;
    }

    /** How close to the frame's border a box must come to count as leaving through it. */
    static final float EDGE = 0.02f;

    /**
     * Whether a track that was just missed walked out of the frame: its last box touched a border
     * and it was moving towards it. Such a track is gone, not lost: someone entering there a little
     * later is someone else (or the same person back, which is a new stay).
     */
    static boolean leftTheView(Track t) {
        return (t.x <= EDGE && t.vx < 0) || (t.x + t.w >= 1 - EDGE && t.vx > 0)
                || (t.y <= EDGE && t.vy < 0) || (t.y + t.h >= 1 - EDGE && t.vy > 0);
    }

    /**
     * Offers the confident detections left over to the confirmed tracks missed for a frame or more, by
     * distance (see the class comment); returns the detections still left over.
     */
    private List<Detection> reacquire(long ts, List<Detection> dets, List<Track> unmatched, List<TrackedObject> out) {
        if (dets.isEmpty()) return dets;
        List<Candidate> pairs = new ArrayList<>();
        for (Track t : unmatched) {
            if (!t.confirmed || t.lastSeen >= ts) continue;
            long coast = Math.min(ts - t.lastSeen, MAX_COAST_MS);
            double px = t.centerX() + t.vx * coast, py = t.centerY() + t.vy * coast;
            for (Detection d : dets) {
                if (!d.label.equals(t.label)) continue;
                double ratio = d.h > t.h ? d.h / t.h : t.h / d.h;
                if (!(ratio <= options.reidSizeRatio())) continue;
                double cx = d.x + d.w / 2, cy = d.y + d.h / 2;
                // Where it would be, or (at a handicap: someone who stopped or turned back behind
                // something) where it was.
                double dist = Math.min(Math.hypot(cx - px, cy - py), LAST_SEEN_HANDICAP * Math.hypot(cx - t.centerX(), cy - t.centerY())) / t.h;
                if (dist > options.reidDistance()) continue;
                double like = Appearance.similarity(t.appearance, d.appearance);
                if (like < options.minAppearance()) continue; // NaN (no cue) passes
                pairs.add(new Candidate(t, d, Double.isNaN(like) ? dist : dist + (1 - like)));
            }
        }
        return assign(ts, pairs, dets, unmatched, out);
    }

    private void hit(Track t, Detection d, long ts) {
        long dt = Math.max(1, ts - t.lastSeen);
        float cx = d.x + d.w / 2, cy = d.y + d.h / 2;
        // Smoothed velocity of the box centre: half the old estimate, half the new observation.
        t.vx = 0.5f * t.vx + 0.5f * (cx - t.centerX()) / dt;
        t.vy = 0.5f * t.vy + 0.5f * (cy - t.centerY()) / dt;
        t.x = d.x;
        t.y = d.y;
        t.w = d.w;
        t.h = d.h;
        t.confidence = d.confidence;
        t.appearance = Appearance.blend(t.appearance, d.appearance);
        t.lastSeen = ts;
        t.missed = 0;
        t.hits++;
        if (!t.confirmed && t.hits >= options.confirmHits()) t.confirmed = true;
    }

    /** Drops the tracks that event time has left behind, for a camera that went quiet. */
    public void expire(long ts) {
        tracks.removeIf(t -> !t.confirmed ? ts > t.lastSeen : ts - t.lastSeen > options.maxLostMs());
    }

    /** The live track with this id, or null (no copy: called per object per frame). */
    Track find(long id) {
        for (Track t : tracks) if (t.id == id) return t;
        return null;
    }

    /** The live tracks themselves, not a copy (read-only use within the package, per frame). */
    List<Track> live() {
        return tracks;
    }

    public List<Track> tracks() {
        return List.copyOf(tracks);
    }

    /** Whether the tracker holds nothing (its state can be dropped). */
    public boolean isEmpty() {
        return tracks.isEmpty();
    }
}
