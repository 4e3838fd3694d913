package io.argus.rollups;

/**
 * When a time bucket (an hour, a day) of one camera is complete, from the camera's own event time.
 * Pure; the Flink operators keep one per key in state ({@link #toArray()}).
 *
 * <p>Two horizons: the event time reached by any means, with the earliest time an input still to
 * come can have (the floor; for episodes, an unopened track's first sighting), and the same from
 * frames alone. A quiet camera's time moves by wall-clock ticks, and its frames can still turn up
 * afterwards (a stalled partition catching up), so:
 * <ul>
 *   <li>a bucket is <b>written</b> once the first horizon is past its end: rows appear on time;</li>
 *   <li>it is <b>retired</b> (its state dropped, its row final) once the frame horizon is past its
 *       end; until then an input that still reaches it rewrites its row whole, never partly;</li>
 *   <li>an input for a retired bucket is refused ({@link #isRetired}): the caller counts it and leaves the row alone.</li>
 * </ul>
 */
public final class BucketClock {
    private static final long HOUR_MS = 3_600_000L;

    /** The start of the UTC hour holding {@code ts} (epoch milliseconds): the hourly buckets' key. */
    public static long hourStart(long ts) {
        return Math.floorDiv(ts, HOUR_MS) * HOUR_MS;
    }

    /** What to do with one bucket now. */
    public enum Fate { KEEP, WRITE, WRITE_AND_RETIRE, RETIRE }

    private long horizon = Long.MIN_VALUE;
    private long floor = Long.MIN_VALUE;
    private long frameHorizon = Long.MIN_VALUE;
    private long frameFloor = Long.MIN_VALUE;
    private long nextWrite = Long.MAX_VALUE;
    private long nextRetire = Long.MAX_VALUE;
    private long retired = Long.MIN_VALUE;

    /**
     * Event time reached {@code time}; no input still to come is earlier than {@code floor}.
     * @param fromFrames the time comes from frames, not from a quiet camera's ticks
     */
    public void observe(long time, long floor, boolean fromFrames) {
        if (time >= horizon) {
            horizon = time;
            this.floor = floor;
        }
        if (fromFrames && time >= frameHorizon) {
            frameHorizon = time;
            frameFloor = floor;
        }
    }

    /** Buckets ending at or before this are complete. */
    public long writeUpTo() {
        return Math.min(after(horizon), floor);
    }

    /** Buckets ending at or before this are final. */
    public long retireUpTo() {
        return Math.min(after(frameHorizon), frameFloor);
    }

    /** Whether any bucket may have something to write or retire (else no need to look at them). */
    public boolean due() {
        return writeUpTo() >= nextWrite || retireUpTo() >= nextRetire;
    }

    /** A bucket ending at {@code end} is new or changed: it must be written (again). */
    public void changed(long end) {
        nextWrite = Math.min(nextWrite, end);
        nextRetire = Math.min(nextRetire, end);
    }

    /** Whether a bucket ending at {@code end} is final already: inputs for it are refused. */
    public boolean isRetired(long end) {
        return end <= retired;
    }

    /** @param pending its row is unwritten or changed since written */
    public Fate fate(long end, boolean pending) {
        boolean retire = end <= retireUpTo();
        if (retire) return pending ? Fate.WRITE_AND_RETIRE : Fate.RETIRE;
        return pending && end <= writeUpTo() ? Fate.WRITE : Fate.KEEP;
    }

    /** After a pass over the buckets: the earliest ends still to write and to retire (Long.MAX_VALUE: none). */
    public void settled(long nextWrite, long nextRetire) {
        retired = Math.max(retired, retireUpTo());
        this.nextWrite = nextWrite;
        this.nextRetire = nextRetire;
    }

    /** Whether no bucket is held (the caller can drop all its state). */
    public boolean empty() {
        return nextRetire == Long.MAX_VALUE;
    }

    public long horizon() {
        return horizon;
    }

    public long frameHorizon() {
        return frameHorizon;
    }

    /** Just after {@code t} (the extremes stay as they are). */
    public static long after(long t) {
        return t == Long.MAX_VALUE || t == Long.MIN_VALUE ? t : t + 1;
    }

    public long[] toArray() {
        return new long[] {horizon, floor, frameHorizon, frameFloor, nextWrite, nextRetire, retired};
    }

    public static BucketClock fromArray(long[] a) {
        BucketClock c = new BucketClock();
        if (a == null) return c;
        c.horizon = a[0];
        c.floor = a[1];
        c.frameHorizon = a[2];
        c.frameFloor = a[3];
        c.nextWrite = a[4];
        c.nextRetire = a[5];
        c.retired = a[6];
        return c;
    }
}
