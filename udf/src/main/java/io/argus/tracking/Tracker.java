package io.argus.tracking;

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
 * confident detections first, then the weak
 * ones to keep existing tracks alive through a dim frame. A track is confirmed after
 * {@code confirmHits} hits in a row; an unconfirmed track dies at its first miss; a confirmed track
 * dies when unseen for {@code maxLostMs}. Only confirmed tracks are reported. Pure and serialisable:
 * the Flink operator keeps one per camera in keyed state.
 */
public final class Tracker implements Serializable {
    private static final long serialVersionUID = 1L;


    /**
     * @param highThreshold detections at or above start and extend tracks (stage 1)
     * @param lowThreshold detections between this and highThreshold only extend tracks (stage 2)
     * @param matchIou least IoU between prediction and detection to associate them
     * @param confirmHits hits in a row before a track is confirmed
     * @param maxLostMs how long a confirmed track survives unseen
     */
    public record Options(float highThreshold, float lowThreshold, float matchIou, int confirmHits, long maxLostMs)
            implements Serializable {
        public static Options defaults() {
            return new Options(0.5f, 0.1f, 0.3f, 3, 2000);
        }
    }

    private final Options options;
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
        // Tracks not seen in this frame.
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track t = it.next();
            if (!unmatched.contains(t)) continue;
            if (!t.confirmed || ts - t.lastSeen > options.maxLostMs()) it.remove();
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
        record Pair(Track t, Detection d, float iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (Track t : unmatched) {
            float px = t.predictedX(ts), py = t.predictedY(ts);
            NonMaxSuppression.Box predicted = new NonMaxSuppression.Box(0, 0, px, py, px + t.w, py + t.h);
            NonMaxSuppression.Box last = new NonMaxSuppression.Box(0, 0, t.x, t.y, t.x + t.w, t.y + t.h);
            for (Detection d : dets) {
                if (!d.label.equals(t.label)) continue;
                NonMaxSuppression.Box db = new NonMaxSuppression.Box(0, 0, d.x, d.y, d.x + d.w, d.y + d.h);
                // The prediction, or where it was last seen: one bad box skews the velocity, and an
                // object that stopped or turned is still where it was.
                float iou = Math.max(NonMaxSuppression.iou(predicted, db), NonMaxSuppression.iou(last, db));
                if (iou >= options.matchIou()) pairs.add(new Pair(t, d, iou));
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair p) -> p.iou).reversed());
        List<Detection> left = new ArrayList<>(dets);
        for (Pair p : pairs) {
            if (!unmatched.contains(p.t) || !left.contains(p.d)) continue;
            unmatched.remove(p.t);
            left.remove(p.d);
            hit(p.t, p.d, ts);
            if (p.t.confirmed) out.add(new TrackedObject(p.t.id, p.d));
        }
        return left;
    }

    private void hit(Track t, Detection d, long ts) {
        long dt = Math.max(1, ts - t.lastSeen);
        float cx = d.x + d.w / 2, cy = d.y + d.h / 2;
        // Smoothed velocity of the box centre: half the old estimate, half the new observation.
        t.vx = 0.5f * t.vx + 0.5f * (cx - t.centerX()) / dt;
        t.vy = 0.5f * t.vy + 0.5f * (cy - (t.y + t.h / 2)) / dt;
        t.x = d.x;
        t.y = d.y;
        t.w = d.w;
        t.h = d.h;
        t.confidence = d.confidence;
        t.lastSeen = ts;
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
