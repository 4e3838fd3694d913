package io.argus.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The soak test's synthetic world, in capture time: {@link #CAMERAS} cameras, one frame every
 * {@link #FRAME_MS} each, over {@link #HOURS} hours from {@link #START} (two midnights), with about
 * three objects a frame: people walking across in three lanes, and parked vehicles (a car over the
 * first midnight on odd cameras, a truck for three hours on even ones). It also says in what order
 * the frames are published, which is where the trouble is:
 * <ul>
 *   <li>partitions of very different rates: ten cameras share partition 0, two each the others;</li>
 *   <li>one camera quiet for 20 minutes, then all cameras quiet for 10;</li>
 *   <li>an outage: five cameras' frames of 30 minutes published only when it ends, after others' later frames;</li>
 *   <li>re-sent frames, right away and two frames later;</li>
 *   <li>an ingest that lost its state in the middle of a camera's day: its frame ids start again at 0.</li>
 * </ul>
 * Pure and deterministic; the next issues extend it (identities, robustness, one stay one episode).
 */
final class SoakScenario {
    static final long HOUR = 3_600_000L;
    static final long FRAME_MS = 10_000;
    static final int CAMERAS = 16;
    static final int HOURS = 48;
    /**
     * 48 hours before now (to the minute): the last frames are live when the job reaches them, so the
     * quiet-camera rule applies at the end, and the rest is a backlog. Two midnights, 48 hour boundaries.
     */
    static final long START = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toEpochMilli() - HOURS * HOUR;
    static final int PARTITIONS = 4;

    /** A walker is in view for this many frames; one starts every {@link #SPAWN_EVERY} frames per camera. */
    static final int WALK_FRAMES = 30;
    static final int SPAWN_EVERY = 12;

    static final String QUIET_CAMERA = camera(3);
    static final long QUIET_ONE_FROM = START + 5 * HOUR, QUIET_ONE_TO = QUIET_ONE_FROM + 20 * 60_000;
    static final long QUIET_ALL_FROM = START + 20 * HOUR, QUIET_ALL_TO = QUIET_ALL_FROM + 10 * 60_000;
    static final Set<String> OUTAGE_CAMERAS = Set.of(camera(0), camera(1), camera(2), camera(3), camera(12));
    static final long OUTAGE_FROM = START + 30 * HOUR, OUTAGE_TO = OUTAGE_FROM + 30 * 60_000;
    static final String ID_RESTART_CAMERA = camera(5);
    static final long ID_RESTART_AT = START + 18 * HOUR + 7 * 60_000;

    /** One object in a frame: box normalised to 0..1. */
    record Obj(String label, float confidence, float x, float y, float w, float h, String identity) {}

    /** One frame as published; {@code resend} marks a second copy of a frame already published. */
    record Frame(String camera, int partition, long frameId, long ts, List<Obj> objects, long publishAt, boolean resend) {
        /** A JPEG-shaped payload (SOI, a comment segment with the objects, EOI) that passes the envelope rules. */
        byte[] payload() {
            StringBuilder b = new StringBuilder();
            for (Obj o : objects) {
                b.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%.4f;", o.label(), o.confidence(), o.x(), o.y(), o.w(), o.h()));
            }
            byte[] text = b.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] p = new byte[text.length + 8];
            p[0] = (byte) 0xFF;
            p[1] = (byte) 0xD8;
            p[2] = (byte) 0xFF;
            p[3] = (byte) 0xFE;
            p[4] = (byte) ((text.length + 2) >> 8);
            p[5] = (byte) (text.length + 2);
            System.arraycopy(text, 0, p, 6, text.length);
            p[p.length - 2] = (byte) 0xFF;
            p[p.length - 1] = (byte) 0xD9;
            return p;
        }
    }

    static String camera(int i) {
        return String.format(Locale.ROOT, "soak-%02d", i);
    }

    static int partition(int camera) {
        return camera < 10 ? 0 : 1 + (camera - 10) / 2;
    }

    static boolean captured(String camera, long ts) {
        if (ts >= QUIET_ALL_FROM && ts < QUIET_ALL_TO) return false;
        return !(camera.equals(QUIET_CAMERA) && ts >= QUIET_ONE_FROM && ts < QUIET_ONE_TO);
    }

    /** What camera {@code c} sees in its frame {@code n} (whether or not that frame is captured). */
    static List<Obj> objects(int c, long n) {
        List<Obj> out = new ArrayList<>(4);
        long ts = START + n * FRAME_MS;
        // Walkers: walker k starts at frame k * SPAWN_EVERY + c (cameras out of step), in lane k % 3.
        long shifted = n - c;
        for (long k = Math.floorDiv(shifted - WALK_FRAMES + 1, SPAWN_EVERY); k <= Math.floorDiv(shifted, SPAWN_EVERY); k++) {
            long age = shifted - k * SPAWN_EVERY;
            if (age < 0 || age >= WALK_FRAMES) continue;
            float x = 0.05f + 0.8f * age / WALK_FRAMES;
            float y = 0.05f + 0.25f * (int) Math.floorMod(k, 3);
            float conf = 0.55f + 0.4f * (float) Math.floorMod(k * 37 + c * 11 + age * 7, 100) / 100f;
            out.add(new Obj("person", conf, x, y, 0.08f, 0.2f, "walker-" + k));
        }
        if (c % 2 == 1 && ts >= START + HOUR && ts < START + 4 * HOUR) {
            out.add(new Obj("car", 0.65f + 0.001f * (n % 50), 0.7f, 0.8f, 0.12f, 0.1f, "car"));
        }
        if (c % 2 == 0 && ts >= START + 10 * HOUR && ts < START + 13 * HOUR) {
            out.add(new Obj("truck", 0.7f + 0.001f * (n % 60), 0.3f, 0.8f, 0.15f, 0.12f, "truck"));
        }
        return out;
    }

    /** Every frame, re-sends included, in publish order. */
    static List<Frame> publishOrder() {
        List<Frame> all = new ArrayList<>();
        long perCamera = HOURS * HOUR / FRAME_MS;
        for (int c = 0; c < CAMERAS; c++) {
            String cam = camera(c);
            long frameId = 0;
            for (long n = 0; n < perCamera; n++) {
                long ts = START + n * FRAME_MS;
                if (!captured(cam, ts)) continue;
                if (cam.equals(ID_RESTART_CAMERA) && ts == ID_RESTART_AT) frameId = 0;
                long publishAt = OUTAGE_CAMERAS.contains(cam) && ts >= OUTAGE_FROM && ts < OUTAGE_TO ? OUTAGE_TO : ts;
                Frame f = new Frame(cam, partition(c), frameId++, ts, objects(c, n), publishAt, false);
                all.add(f);
                // Re-sends: a producer retry right away, and an ingest restart's re-send two frames later.
                if (n % 997 == 700) all.add(new Frame(cam, f.partition(), f.frameId(), ts, f.objects(), publishAt, true));
                if (n % 997 == 500) all.add(new Frame(cam, f.partition(), f.frameId(), ts, f.objects(), publishAt + 2 * FRAME_MS + 1, true));
            }
        }
        all.sort(Comparator.comparingLong(Frame::publishAt).thenComparingLong(Frame::ts).thenComparing(Frame::camera));
        return all;
    }

    /**
     * Continuous stays, counted as the job should: per camera, label and object, its captured frames
     * split where it went unseen for longer than {@code maxLostMs}; a part seen for at least
     * {@code minDurationMs} is one episode.
     */
    static long expectedEpisodes(List<Frame> frames, String camera, String label, long maxLostMs, long minDurationMs) {
        java.util.Map<String, long[]> open = new java.util.HashMap<>(); // identity -> [first, last]
        long episodes = 0;
        Set<String> seen = new HashSet<>();
        List<Frame> mine = frames.stream().filter(f -> f.camera().equals(camera) && !f.resend()).sorted(Comparator.comparingLong(Frame::ts)).toList();
        for (Frame f : mine) {
            for (Obj o : f.objects()) {
                if (!o.label().equals(label)) continue;
                seen.add(o.identity());
                long[] span = open.get(o.identity());
                if (span != null && f.ts() - span[1] > maxLostMs) {
                    if (span[1] - span[0] >= minDurationMs) episodes++;
                    span = null;
                }
                if (span == null) open.put(o.identity(), span = new long[] {f.ts(), f.ts()});
                span[1] = f.ts();
            }
        }
        for (long[] span : open.values()) if (span[1] - span[0] >= minDurationMs) episodes++;
        return episodes;
    }
}
