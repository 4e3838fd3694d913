package io.argus.udf.scene;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-subtask totals of what the keyed scenes hold open (confirmed tracks, open episodes), kept up to
 * date as each key changes instead of by scanning keyed state. Not state: after a restore the totals
 * start at zero and grow back as each camera's next frame or timer reports its counts.
 */
final class OpenCounts {
    private final Map<String, int[]> byKey = new HashMap<>();
    // Written by the task thread, read by the metrics reporter.
    private volatile long tracks;
    private volatile long episodes;

    /** What key {@code key} holds now; a key with nothing open is forgotten. */
    void set(String key, int openTracks, int openEpisodes) {
        int[] old = openTracks == 0 && openEpisodes == 0 ? byKey.remove(key) : byKey.put(key, new int[] {openTracks, openEpisodes});
        if (old != null) {
            tracks -= old[0];
            episodes -= old[1];
        }
        tracks += openTracks;
        episodes += openEpisodes;
    }

    long tracks() {
        return tracks;
    }

    long episodes() {
        return episodes;
    }

    int keys() {
        return byKey.size();
    }
}
