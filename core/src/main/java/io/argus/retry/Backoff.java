package io.argus.retry;

/** Exponential backoff with a cap: 1 s, 2 s, 4 s ... up to the cap, forever; reset after a success. */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private long nextMs;

    public Backoff(long initialMs, long maxMs) {
        if (initialMs <= 0 || maxMs < initialMs) throw new IllegalArgumentException("backoff: need 0 < initial <= max");
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.nextMs = initialMs;
    }

    public static Backoff defaults() {
        return new Backoff(1000, 30_000);
    }

    /** The wait before the next attempt; doubles each time up to the cap. */
    public long nextDelayMs() {
        long d = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return d;
    }

    public void reset() {
        nextMs = initialMs;
    }
}
