package io.argus.media;

import java.io.Serializable;
import java.util.List;

/**
 * Snapshot and clip settings ({@code argus.media.*} in ArgusOptions, which takes its defaults from {@link #defaults()}).
 * Times in milliseconds, sizes in bytes.
 */
public record MediaOptions(boolean enabled, String dir, long snapshotMinIntervalMs, long preRollMs, long postRollMs,
        List<String> encoders, long bufferMaxAgeMs, long bufferMaxBytes, long bufferBudgetBytes, int writeThreads, int maxPending, int writeRetries,
        long retentionMaxAgeMs, long retentionMaxBytesPerCamera, long retentionIntervalMs) implements Serializable {

    public MediaOptions {
        encoders = List.copyOf(encoders);
    }

    /** The share of a process's task heap that the media buffers of its subtasks may take together. */
    public static final double MAX_HEAP_SHARE = 0.5;

    /**
     * Refuses a budget that cannot fit: {@code subtasks} media subtasks in one process (a TaskManager's
     * slots, or a local run's parallelism), each allowed {@link #bufferBudgetBytes}, against half of
     * {@code heapBytes}. The message names the options to change.
     */
    public void requireFits(int subtasks, long heapBytes, String subtasksFrom, String heapFrom) {
        long need = subtasks * bufferBudgetBytes;
        long allowed = (long) (heapBytes * MAX_HEAP_SHARE);
        if (need > allowed) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "argus.media.buffer.max-bytes-per-subtask: %d mb x %d media subtasks per process (%s) = %d mb, more than half of"
                            + " the %d mb task heap (%s): lower argus.media.buffer.max-bytes-per-subtask to %d mb or less, or give the"
                            + " TaskManagers more memory",
                    bufferBudgetBytes >> 20, subtasks, subtasksFrom, need >> 20, heapBytes >> 20, heapFrom, (allowed / subtasks) >> 20));
        }
    }

    public MediaOptions withDir(String d) {
        return toBuilder().dir(d).build();
    }

    /** The documented defaults (see ArgusOptions, which takes them from here). */
    public static MediaOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.dir = dir;
        b.snapshotMinIntervalMs = snapshotMinIntervalMs;
        b.preRollMs = preRollMs;
        b.postRollMs = postRollMs;
        b.encoders = encoders;
        b.bufferMaxAgeMs = bufferMaxAgeMs;
        b.bufferMaxBytes = bufferMaxBytes;
        b.bufferBudgetBytes = bufferBudgetBytes;
        b.writeThreads = writeThreads;
        b.maxPending = maxPending;
        b.writeRetries = writeRetries;
        b.retentionMaxAgeMs = retentionMaxAgeMs;
        b.retentionMaxBytesPerCamera = retentionMaxBytesPerCamera;
        b.retentionIntervalMs = retentionIntervalMs;
        return b;
    }

    /** Named settings, each starting at its default. */
    public static final class Builder {
        private boolean enabled = true;
        private String dir = ".argus/media";
        private long snapshotMinIntervalMs = 10_000;
        private long preRollMs = 3_000;
        private long postRollMs = 2_000;
        private List<String> encoders = List.of("libx264", "libopenh264", "mpeg4");
        private long bufferMaxAgeMs = 120_000;
        private long bufferMaxBytes = 64L << 20;
        private long bufferBudgetBytes = 64L << 20;
        private int writeThreads = 1;
        private int maxPending = 16;
        private int writeRetries = 3;
        private long retentionMaxAgeMs = 7L * 24 * 3600 * 1000;
        private long retentionMaxBytesPerCamera = 2L << 30;
        private long retentionIntervalMs = 600_000;

        private Builder() {}

        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        public Builder dir(String v) {
            dir = v;
            return this;
        }

        public Builder snapshotMinIntervalMs(long v) {
            snapshotMinIntervalMs = v;
            return this;
        }

        public Builder preRollMs(long v) {
            preRollMs = v;
            return this;
        }

        public Builder postRollMs(long v) {
            postRollMs = v;
            return this;
        }

        public Builder encoders(List<String> v) {
            encoders = v;
            return this;
        }

        public Builder bufferMaxAgeMs(long v) {
            bufferMaxAgeMs = v;
            return this;
        }

        public Builder bufferMaxBytes(long v) {
            bufferMaxBytes = v;
            return this;
        }

        public Builder bufferBudgetBytes(long v) {
            bufferBudgetBytes = v;
            return this;
        }

        public Builder writeThreads(int v) {
            writeThreads = v;
            return this;
        }

        public Builder maxPending(int v) {
            maxPending = v;
            return this;
        }

        public Builder writeRetries(int v) {
            writeRetries = v;
            return this;
        }

        public Builder retentionMaxAgeMs(long v) {
            retentionMaxAgeMs = v;
            return this;
        }

        public Builder retentionMaxBytesPerCamera(long v) {
            retentionMaxBytesPerCamera = v;
            return this;
        }

        public Builder retentionIntervalMs(long v) {
            retentionIntervalMs = v;
            return this;
        }

        public MediaOptions build() {
            return new MediaOptions(enabled, dir, snapshotMinIntervalMs, preRollMs, postRollMs, encoders, bufferMaxAgeMs, bufferMaxBytes, bufferBudgetBytes, writeThreads, maxPending, writeRetries, retentionMaxAgeMs, retentionMaxBytesPerCamera, retentionIntervalMs);
        }
    }
}
