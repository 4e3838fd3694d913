package io.argus.ingest;

/**
 * Picks frames from a stream so that the kept ones are spaced by {@code 1/fps} in stream time
 * (presentation timestamps), e.g. 2 of every 25 frames of a 25 fps stream at 2 fps. Pure.
 */
public final class FrameSampler {
    private final long intervalMicros;
    private long nextMicros = Long.MIN_VALUE;

    /** @param fps target rate; 0 or less keeps every frame */
    public FrameSampler(double fps) {
        this.intervalMicros = fps <= 0 ? 0 : Math.round(1_000_000d / fps);
    }

    /** Whether to keep the frame with this presentation time (microseconds, non-decreasing). */
    public boolean keep(long ptsMicros) {
        if (intervalMicros == 0) return true;
        if (nextMicros == Long.MIN_VALUE || ptsMicros >= nextMicros) {
            // Schedule from the ideal grid, not from this frame, so the rate does not drift low.
            long base = nextMicros == Long.MIN_VALUE ? ptsMicros : nextMicros;
            nextMicros = base + intervalMicros;
            if (nextMicros <= ptsMicros) nextMicros = ptsMicros + intervalMicros; // after a gap, restart the grid
            return true;
        }
        return false;
    }
}
