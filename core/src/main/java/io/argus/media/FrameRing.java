package io.argus.media;

import java.util.ArrayList;
import java.util.List;

/**
 * One camera's recent frames, for pre-roll, clips and snapshots, bounded by time and bytes: a frame
 * leaves when it is more than {@code maxAgeMs} older than the newest frame, or when the ring holds
 * more than {@code maxBytes} of JPEG (oldest first). A frame larger than the byte bound is not kept.
 *
 * <p>Deliberately not Flink state: frames are the bulk of the data and are already in Kafka; keeping
 * them in checkpoints would copy every frame into every checkpoint. After a failover the ring starts
 * empty and refills from the replayed records (see docs/scene.md, "Snapshots and clips").
 *
 * <p>Kept in capture order; frames normally arrive in order, so an insert is an append.
 */
public final class FrameRing {
    private final long maxAgeMs;
    private final long maxBytes;
    private final ArrayList<BufferedFrame> frames = new ArrayList<>();
    private int head; // frames before head are evicted; compacted lazily
    private long bytes;
    private long evicted;

    public FrameRing(long maxAgeMs, long maxBytes) {
        if (maxAgeMs <= 0 || maxBytes <= 0) throw new IllegalArgumentException("bounds must be positive");
        this.maxAgeMs = maxAgeMs;
        this.maxBytes = maxBytes;
    }

    /** Adds a frame in capture order and evicts what the bounds no longer allow. */
    public void add(long ts, long frameId, byte[] jpeg) {
        add(ts, frameId, jpeg, 0);
    }

    /** As {@link #add(long, long, byte[])}, noting when the frame arrived (see {@link FrameBuffers}). */
    public void add(long ts, long frameId, byte[] jpeg, long arrival) {
        int i = frames.size();
        while (i > head && frames.get(i - 1).ts() > ts) i--;
        frames.add(i, new BufferedFrame(ts, frameId, jpeg, arrival));
        bytes += jpeg.length;
        evict();
    }

    private void evict() {
        long newest = frames.get(frames.size() - 1).ts();
        while (head < frames.size() && (bytes > maxBytes || frames.get(head).ts() < newest - maxAgeMs)) evictOldest();
    }

    /** Gives up the oldest frame (in capture order); returns its size in bytes, 0 when empty. */
    public long evictOldest() {
        if (isEmpty()) return 0;
        long n = frames.get(head).jpeg().length;
        bytes -= n;
        frames.set(head, null);
        head++;
        evicted++;
        if (head > 64 && head * 2 > frames.size()) {
            frames.subList(0, head).clear();
            head = 0;
        }
        return n;
    }

    /** When the oldest frame arrived ({@link BufferedFrame#arrival}); {@code Long.MAX_VALUE} when empty. */
    public long oldestArrival() {
        return isEmpty() ? Long.MAX_VALUE : frames.get(head).arrival();
    }

    /** The frame with this id, or null when it is not (or no longer) here. */
    public BufferedFrame byFrameId(long frameId) {
        for (int i = frames.size() - 1; i >= head; i--) if (frames.get(i).frameId() == frameId) return frames.get(i);
        return null;
    }

    /** The frames captured from {@code fromTs} to {@code toTs}, both included, in capture order. */
    public List<BufferedFrame> range(long fromTs, long toTs) {
        List<BufferedFrame> out = new ArrayList<>();
        for (int i = head; i < frames.size(); i++) {
            BufferedFrame f = frames.get(i);
            if (f.ts() > toTs) break;
            if (f.ts() >= fromTs) out.add(f);
        }
        return out;
    }

    /** The typical time between frames (the median gap), or {@code fallbackMs} with fewer than two frames. */
    public long typicalIntervalMs(long fallbackMs) {
        return ClipPlan.medianGap(frames.subList(head, frames.size()), fallbackMs);
    }

    public int size() {
        return frames.size() - head;
    }

    public long bytes() {
        return bytes;
    }

    /** Frames evicted so far by either bound. */
    public long evicted() {
        return evicted;
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
