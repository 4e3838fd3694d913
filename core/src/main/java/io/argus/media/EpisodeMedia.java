package io.argus.media;

import io.argus.tracking.Episode;

/**
 * What the media operator keeps per open episode in keyed state: small metadata only, never frames.
 * A Flink POJO.
 */
public class EpisodeMedia {
    /** The latest version of the episode. */
    public Episode episode;
    public boolean closed;
    /** Best frame of the last snapshot handed to the writer, or {@link SnapshotPolicy#NONE}. */
    public long snapshotFrameId = SnapshotPolicy.NONE;
    /** The episode's last-seen time at that hand-over. */
    public long snapshotAt;

    public EpisodeMedia() {}
}
