package io.argus.media;


/**
 * An episode's snapshot as a row of {@code snapshots} (one per episode, keyed by its id). A Flink POJO.
 * The same statement points the episode's row at it; the episode upsert looks it up too, so
 * whichever row lands first, the episode ends up referencing its snapshot.
 */
public class SnapshotRow {
    public String episodeId;
    public String cameraId;
    public String modelId;
    /** Capture time of the frame shown. */
    public long ts;
    public long frameId;
    public String label;
    public float confidence;
    public float x, y, w, h;
    public String uri;
    public String thumbnailUri;
    /** Snapshot and thumbnail together. */
    public long bytes;
    /** Written after the episode closed: no later version follows. */
    public boolean isFinal;

    public SnapshotRow() {}

    public SnapshotRow asFinal() {
        SnapshotRow r = new SnapshotRow();
        r.episodeId = episodeId;
        r.cameraId = cameraId;
        r.modelId = modelId;
        r.ts = ts;
        r.frameId = frameId;
        r.label = label;
        r.confidence = confidence;
        r.x = x;
        r.y = y;
        r.w = w;
        r.h = h;
        r.uri = uri;
        r.thumbnailUri = thumbnailUri;
        r.bytes = bytes;
        r.isFinal = true;
        return r;
    }

}
