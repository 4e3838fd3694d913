package io.argus.ingest;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Reads a video file with FFmpeg (through JavaCV) and hands over sampled frames with their
 * presentation time. Anything FFmpeg reads works: mp4, avi, mkv, ...
 */
public final class VideoFileCamera {
    static {
        // FFmpeg reports every stream it opens on stderr; keep errors only.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** Receives each sampled frame; returning false stops reading. */
    public interface FrameSink {
        boolean accept(BufferedImage image, long ptsMicros) throws Exception;
    }

    /**
     * @param fps target sampling rate (0 = every frame)
     * @param maxWidth downscale wider frames to this width, keeping aspect (0 = never)
     * @param realTime pace reading at the video's own speed instead of as fast as possible
     * @return the number of frames handed over
     */
    public static long read(Path file, double fps, int maxWidth, boolean realTime, FrameSink sink) throws Exception {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no video file at " + file.toAbsolutePath());
        FrameSampler sampler = new FrameSampler(fps);
        long handed = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            long startNanos = System.nanoTime();
            long firstPts = Long.MIN_VALUE;
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                long pts = f.timestamp;
                if (firstPts == Long.MIN_VALUE) firstPts = pts;
                long rel = pts - firstPts;
                if (!sampler.keep(rel)) continue;
                if (realTime) {
                    long ahead = rel * 1000 - (System.nanoTime() - startNanos);
                    if (ahead > 0) Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
                }
                BufferedImage img = copy(converter.convert(f));
                if (maxWidth > 0 && img.getWidth() > maxWidth) img = downscale(img, maxWidth);
                handed++;
                if (!sink.accept(img, rel)) break;
            }
            grabber.stop();
        }
        return handed;
    }

    /** The converter reuses its image for the next frame; callers may keep theirs. */
    static BufferedImage copy(BufferedImage src) {
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        src.copyData(dst.getRaster());
        return dst;
    }

    static BufferedImage downscale(BufferedImage src, int maxWidth) {
        int h = Math.max(1, Math.round(src.getHeight() * (float) maxWidth / src.getWidth()));
        BufferedImage dst = new BufferedImage(maxWidth, h, BufferedImage.TYPE_3BYTE_BGR);
        var g = dst.createGraphics();
        g.drawImage(src.getScaledInstance(maxWidth, h, Image.SCALE_SMOOTH), 0, 0, null);
        g.dispose();
        return dst;
    }
}
