package io.argus.media;

import java.io.Serializable;
import java.util.List;

/**
 * Snapshot and clip settings (see {@code argus.media.*} in ArgusOptions for meanings and defaults).
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
        return new MediaOptions(enabled, d, snapshotMinIntervalMs, preRollMs, postRollMs, encoders, bufferMaxAgeMs, bufferMaxBytes,
                bufferBudgetBytes, writeThreads, maxPending, writeRetries, retentionMaxAgeMs, retentionMaxBytesPerCamera, retentionIntervalMs);
    }
}
