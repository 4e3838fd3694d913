package io.argus.envelope;

import java.util.Arrays;

/**
 * One camera's own event time, and what it makes of each arriving frame. Pure; the Flink operator
 * keeps one per camera in keyed state (as {@link #toArray()}).
 *
 * <p>Why per camera: cameras share Kafka partitions and partitions are read at different rates
 * (a backlog, a busier neighbour), so one clock for a whole stream declares a camera's frames late
 * because another camera is ahead. Here a frame is judged only against frames of its own camera:
 * <ul>
 *   <li>the camera's event time is its newest capture time minus {@code maxDisorderMs};</li>
 *   <li>a frame captured at or before that time is <b>late</b> (the camera's own disorder beyond its bound);</li>
 *   <li>a frame whose id and capture time equal one of the last {@value #RECENT} accepted frames is a
 *       <b>re-send</b> (a producer retry, an ingest restart): it was already processed, and is dropped;</li>
 *   <li>everything else is <b>accepted</b> and may advance the clock; a frame whose id is not above the
 *       newest frame's although it was captured later is accepted as a <b>restart</b> of the camera's ids
 *       (an ingest that lost its state, a second producer): row keys include the capture time, so it
 *       overwrites nothing, and it is only counted.</li>
 * </ul>
 * A live camera that sends nothing for a while is <b>quiet</b> ({@link #quietness}): its event time then
 * follows the clock from its newest frame on ({@link #quietTime}), so its episodes close and its hours
 * are written. A camera whose frames arrive long after their capture is being caught up, not quiet.
 * A rejected capture time never reaches a clock, so it can never move anyone's event time.
 */
public final class CameraClock {
    /** Accepted frames remembered to recognise re-sends: covers 32 frames/s at 2 s of disorder. */
    public static final int RECENT = 64;
    private static final long NONE = Long.MIN_VALUE;
    private static final int HEAD = 6;

    /** What becomes of a frame. */
    public enum Verdict { ACCEPTED, RESTARTED, RESENT, LATE }

    /** A verdict and, when the frame is rejected, why in words. */
    public record Decision(Verdict verdict, String detail) {}

    /** The id and capture time of the frame captured last. */
    private long newestId = NONE;
    private long newestTs = NONE;
    private long maxTs = NONE;
    private long lastArrival = NONE;
    /** Wall time of the pending quiet check, or NONE (lets the operator keep one timer per camera). */
    private long quietCheckAt = NONE;
    /** Frames accepted so far; the ring slot of the next is this modulo {@value #RECENT}. */
    private long recentCount;
    private final long[] recentIds = new long[RECENT];
    private final long[] recentTs = new long[RECENT];

    public CameraClock() {}

    /** @param wallNow wall-clock time of arrival, for quietness */
    public Decision offer(long frameId, long captureTs, long maxDisorderMs, long wallNow) {
        if (newestId != NONE) {
            for (int i = 0, n = (int) Math.min(recentCount, RECENT); i < n; i++) {
                if (recentIds[i] == frameId && recentTs[i] == captureTs) {
                    return new Decision(Verdict.RESENT, "frame id " + frameId + " captured at " + captureTs + " was already processed");
                }
            }
            long now = eventTime(maxDisorderMs);
            if (captureTs <= now) {
                return new Decision(Verdict.LATE, "capture time " + captureTs + " is " + (maxTs - captureTs) + " ms behind the camera's newest frame ("
                        + maxTs + "), more than argus.watermark.max-disorder (" + maxDisorderMs + " ms)");
            }
        }
        Verdict verdict = Verdict.ACCEPTED;
        String detail = null;
        if (newestId != NONE && frameId <= newestId && captureTs > newestTs) {
            verdict = Verdict.RESTARTED;
            detail = "frame id " + frameId + " captured at " + captureTs + " is not above frame id " + newestId + " captured earlier at "
                    + newestTs + ": the camera's ids started again";
        }
        if (captureTs > newestTs || newestId == NONE) {
            newestId = frameId;
            newestTs = captureTs;
        }
        maxTs = Math.max(maxTs, captureTs);
        lastArrival = wallNow;
        int slot = (int) (recentCount % RECENT);
        recentIds[slot] = frameId;
        recentTs[slot] = captureTs;
        recentCount++;
        return new Decision(verdict, detail);
    }

    /** The camera's event time from its frames: newest capture time minus the disorder bound (Long.MIN_VALUE before any frame). */
    public long eventTime(long maxDisorderMs) {
        return maxTs == NONE ? NONE : maxTs - maxDisorderMs;
    }

    /** Whether a camera that sent nothing lately counts as quiet. */
    public enum Quietness {
        /** It sent a frame less than the quiet time ago. */
        NOT_YET,
        /** Silent, but it is being caught up (its newest frame came long after its capture): its frames still wait upstream. */
        CATCHING_UP,
        /** Silent and live: its event time follows the clock ({@link #quietTime}). */
        QUIET
    }

    /**
     * @param now the clock quietness is measured in (the job uses the source's activity time)
     * @param runStart when this run of the job began on that clock: silence before it does not count
     */
    public Quietness quietness(long now, long runStart, long quietAfterMs, long liveWithinMs) {
        long since = silentSince(runStart);
        if (now - since < quietAfterMs) return Quietness.NOT_YET;
        long arrived = lastArrival == NONE ? since : lastArrival; // how late its newest frame came
        return arrived - maxTs > liveWithinMs ? Quietness.CATCHING_UP : Quietness.QUIET;
    }

    /** Since when the camera has been silent, counting from {@code runStart} at the earliest. */
    public long silentSince(long runStart) {
        return Math.max(lastArrival, runStart);
    }

    /** A quiet camera's event time: its newest capture time plus the time it has been silent. */
    public long quietTime(long now, long runStart) {
        return maxTs + Math.max(0, now - silentSince(runStart));
    }

    public long newestId() {
        return newestId;
    }

    public long newestCaptureTs() {
        return maxTs;
    }

    public long lastArrival() {
        return lastArrival;
    }

    public long quietCheckAt() {
        return quietCheckAt;
    }

    public void quietCheckAt(long wallTime) {
        quietCheckAt = wallTime;
    }

    /** The state as longs (compact in any state backend). */
    public long[] toArray() {
        int n = (int) Math.min(recentCount, RECENT);
        long[] a = new long[HEAD + 2 * n];
        a[0] = newestId;
        a[1] = newestTs;
        a[2] = maxTs;
        a[3] = lastArrival;
        a[4] = quietCheckAt;
        a[5] = recentCount;
        System.arraycopy(recentIds, 0, a, HEAD, n);
        System.arraycopy(recentTs, 0, a, HEAD + n, n);
        return a;
    }

    /** Reads {@link #toArray()}, or the two longs (newest id, its capture time) that earlier builds kept. */
    public static CameraClock fromArray(long[] a) {
        CameraClock c = new CameraClock();
        if (a == null) return c;
        c.newestId = a[0];
        c.newestTs = a[1];
        if (a.length == 2) {
            c.maxTs = a[1];
            return c;
        }
        c.maxTs = a[2];
        c.lastArrival = a[3];
        c.quietCheckAt = a[4];
        c.recentCount = a[5];
        int n = (int) Math.min(c.recentCount, RECENT);
        System.arraycopy(a, HEAD, c.recentIds, 0, n);
        System.arraycopy(a, HEAD + n, c.recentTs, 0, n);
        return c;
    }

    @Override
    public String toString() {
        return "CameraClock[newest=" + newestId + "@" + newestTs + ", max=" + maxTs + ", recent=" + Arrays.toString(Arrays.copyOf(recentIds, (int) Math.min(recentCount, RECENT))) + "]";
    }
}
