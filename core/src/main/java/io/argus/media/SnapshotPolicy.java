package io.argus.media;

/**
 * When an episode's snapshot is (re)written while it is open: the first time its best frame is known,
 * then only when the best frame changed and at least {@code minIntervalMs} of event time passed
 * since the last write. At close it is always written once more, as the final version.
 */
public final class SnapshotPolicy {
    /** No snapshot written yet. */
    public static final long NONE = Long.MIN_VALUE;

    private SnapshotPolicy() {}

    /**
     * @param writtenFrameId best frame of the last snapshot written, or {@link #NONE}
     * @param writtenAt event time (the episode's last-seen time) of that write
     * @param bestFrameId the episode's best frame now
     * @param now the episode's last-seen time now
     * @param closing the episode has closed
     */
    public static boolean shouldWrite(long writtenFrameId, long writtenAt, long bestFrameId, long now, boolean closing, long minIntervalMs) {
        if (closing || writtenFrameId == NONE) return true;
        return bestFrameId != writtenFrameId && now - writtenAt >= minIntervalMs;
    }
}
