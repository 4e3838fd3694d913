package io.argus.media;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frame buffers of one media subtask: a {@link FrameRing} per camera, each bounded by age and
 * bytes, and all of them together by one byte budget, so that memory does not grow with the number
 * of cameras. Over the budget, the frames that arrived first are given up first, whichever camera
 * holds them: a camera that went quiet keeps its frames only while nobody else needs the room.
 *
 * <p>Used by the task thread only; {@link #bytes()} may be read by a metrics thread.
 */
public final class FrameBuffers {
    private final long maxAgeMs;
    private final long maxBytesPerCamera;
    private final long budgetBytes;
    private final Map<String, FrameRing> rings = new ConcurrentHashMap<>();
    private volatile long bytes;
    private long arrivals;
    private long givenUpForBudget;

    public FrameBuffers(long maxAgeMs, long maxBytesPerCamera, long budgetBytes) {
        if (budgetBytes <= 0) throw new IllegalArgumentException("the budget must be positive");
        this.maxAgeMs = maxAgeMs;
        this.maxBytesPerCamera = maxBytesPerCamera;
        this.budgetBytes = budgetBytes;
    }

    /** Adds a camera's frame; frames beyond the camera's bounds or the shared budget leave. */
    public void add(String cameraId, long ts, long frameId, byte[] jpeg) {
        FrameRing ring = rings.computeIfAbsent(cameraId, c -> new FrameRing(maxAgeMs, maxBytesPerCamera));
        long before = ring.bytes();
        ring.add(ts, frameId, jpeg, arrivals++);
        long total = bytes + ring.bytes() - before;
        while (total > budgetBytes) {
            FrameRing oldest = null;
            for (FrameRing r : rings.values()) {
                if (oldest == null || r.oldestArrival() < oldest.oldestArrival()) oldest = r;
            }
            long freed = oldest.evictOldest();
            if (freed == 0) break; // nothing left to give up (cannot happen while the sums agree)
            total -= freed;
            givenUpForBudget++;
        }
        bytes = total;
    }

    /** The camera's frames, or null when it has none buffered. */
    public FrameRing ring(String cameraId) {
        return rings.get(cameraId);
    }

    /** JPEG bytes held, all cameras together. */
    public long bytes() {
        return bytes;
    }

    /** Frames given up to keep within the shared budget (not counting those that aged out). */
    public long givenUpForBudget() {
        return givenUpForBudget;
    }

    public long budgetBytes() {
        return budgetBytes;
    }
}
