package io.argus.media;

import java.io.Serializable;
import java.util.List;

/**
 * Snapshot and clip settings (see {@code argus.media.*} in ArgusOptions for meanings and defaults).
 * Times in milliseconds, sizes in bytes.
 */
public record MediaOptions(boolean enabled, String dir, long snapshotMinIntervalMs, long preRollMs, long postRollMs,
        List<String> encoders, long bufferMaxAgeMs, long bufferMaxBytes, int writeThreads, int maxPending, int writeRetries,
        long retentionMaxAgeMs, long retentionMaxBytesPerCamera, long retentionIntervalMs) implements Serializable {

    public MediaOptions {
        encoders = List.copyOf(encoders);
    }

    public MediaOptions withDir(String d) {
        return new MediaOptions(enabled, d, snapshotMinIntervalMs, preRollMs, postRollMs, encoders, bufferMaxAgeMs, bufferMaxBytes,
                writeThreads, maxPending, writeRetries, retentionMaxAgeMs, retentionMaxBytesPerCamera, retentionIntervalMs);
    }
}
