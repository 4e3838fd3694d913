package io.argus.media;

/**
 * One frame kept for snapshots and clips: its capture time, id and JPEG bytes (shared, never copied or
 * changed), and when it arrived in its subtask's buffers (a sequence number: the shared byte budget
 * gives up the earliest arrivals first).
 */
public record BufferedFrame(long ts, long frameId, byte[] jpeg, long arrival) {
    public BufferedFrame(long ts, long frameId, byte[] jpeg) {
        this(ts, frameId, jpeg, 0);
    }
}
