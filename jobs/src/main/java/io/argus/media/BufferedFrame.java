package io.argus.media;

/** One frame kept for snapshots and clips: its capture time, id and JPEG bytes (shared, never copied or changed). */
public record BufferedFrame(long ts, long frameId, byte[] jpeg) {}
