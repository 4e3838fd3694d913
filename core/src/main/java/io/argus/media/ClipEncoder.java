package io.argus.media;

import io.argus.vision.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Encodes a clip's JPEG frames into an MP4 file with JavaCV's FFmpeg recorder, each frame at its
 * capture time (so gaps in the camera's stream stay gaps), with the first available encoder of a
 * preference list (H.264 where the FFmpeg build has one: the bundled LGPL build has libopenh264 but
 * not libx264), and with its index at the start of the file (faststart).
 */
public final class ClipEncoder {
    private ClipEncoder() {}

    /** The first of these encoder names that this FFmpeg build has. */
    public static String pickEncoder(List<String> preference) {
        for (String name : preference) {
            if (avcodec.avcodec_find_encoder_by_name(name.strip()) != null) return name.strip();
        }
        throw new IllegalArgumentException("none of the video encoders " + preference + " is in this FFmpeg build");
    }

    /** Writes the clip to a local file; returns the number of frames encoded (undecodable ones are left out). */
    public static int encode(ClipPlan plan, String encoder, Path file) throws IOException {
        if (plan.isEmpty()) throw new IllegalArgumentException("a clip needs at least one frame");
        BufferedImage first = ImageDecoder.decode(plan.frames().get(0).jpeg());
        // yuv420p needs even sizes; swscale scales frames of another size to these.
        int w = first.getWidth() & ~1, h = first.getHeight() & ~1;
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
        r.setFormat("mp4");
        // The index (moov) before the frames: a browser starts playing before the whole file is in.
        r.setOption("movflags", "+faststart");
        r.setVideoCodecName(encoder);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(1000.0 / plan.frameIntervalMs());
        r.setVideoBitrate(Math.max(500_000, w * h * 2));
        r.setGopSize(Math.max(1, (int) Math.round(2000.0 / plan.frameIntervalMs())));
        int n = 0;
        try (Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.start();
            long t0 = plan.startTs();
            long lastSlot = -1;
            for (BufferedFrame f : plan.frames()) {
                BufferedImage img;
                try {
                    img = n == 0 ? first : ImageDecoder.decode(f.jpeg());
                } catch (IOException undecodable) {
                    continue; // a frame inference skipped as undecodable: the previous one stays on screen
                }
                // Each frame in the slot of its capture time (the recorder's time base is one frame
                // interval), so gaps stay gaps; a jittered frame that lands on a taken slot takes the next.
                long slot = Math.max(lastSlot + 1, Math.round((double) (f.ts() - t0) / plan.frameIntervalMs()));
                lastSlot = slot;
                r.setTimestamp(slot * plan.frameIntervalMs() * 1000L);
                r.record(conv.convert(img));
                n++;
            }
            r.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("encoding " + file + " with " + encoder + ": " + e.getMessage(), e);
        } finally {
            try {
                r.release();
            } catch (FrameRecorder.Exception ignored) {
                // released on a failed start: nothing more to free
            }
        }
        return n;
    }
}
