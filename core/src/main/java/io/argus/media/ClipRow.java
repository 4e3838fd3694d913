package io.argus.media;


/** A closed episode's clip as a row of {@code clips} (one per episode, keyed by its id). A Flink POJO. */
public class ClipRow {
    public String episodeId;
    public String cameraId;
    public String modelId;
    /** Capture time of the clip's first frame. */
    public long startTs;
    public long durationMs;
    public int frames;
    public String label;
    public String uri;
    /** The FFmpeg encoder that wrote it, e.g. libopenh264. */
    public String codec;
    public long bytes;

    public ClipRow() {}

}
