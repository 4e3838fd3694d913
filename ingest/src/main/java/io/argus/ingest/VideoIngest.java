package io.argus.ingest;

import io.argus.envelope.FrameEnvelope;
import java.nio.file.Path;

/**
 * One file camera: samples a video, encodes each kept frame as JPEG and publishes it with the
 * envelope. Capture time = {@code startTs} + the frame's presentation time, so a replay of a file
 * lands in a chosen day.
 *
 * @param fps sampling rate (0 = every frame)
 * @param firstFrameId id of the first published frame; ids then increase by one per frame
 * @param maxFrames stop after this many frames
 * @param maxWidth downscale wider frames (0 = never)
 * @param quality JPEG quality 0..1
 * @param realTime pace at the video's own speed
 */
public record VideoIngest(Path file, String cameraId, double fps, long startTs, long firstFrameId, long maxFrames,
        int maxWidth, float quality, boolean realTime) {

    /** Called after each published frame with the count so far. */
    public interface Progress {
        void published(long frames, FramePublisher publisher);
    }

    /** @return the id of the last frame published, or firstFrameId - 1 when none was */
    public long publish(FramePublisher pub, Progress progress) throws Exception {
        long[] next = {firstFrameId};
        try (JpegEncoder jpeg = new JpegEncoder(quality)) {
            VideoFileCamera.read(file, fps, maxWidth, realTime, (img, pts) -> {
                byte[] bytes = jpeg.encode(img);
                long id = next[0]++;
                pub.publish(new FrameEnvelope(cameraId, id, startTs + pts / 1000, img.getWidth(), img.getHeight(),
                        FrameEnvelope.CONTENT_TYPE_JPEG), bytes);
                long n = id - firstFrameId + 1;
                progress.published(n, pub);
                return n < maxFrames;
            });
        }
        pub.flush();
        return next[0] - 1;
    }
}
