package io.argus.ingest;

import java.awt.image.BufferedImage;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A network stream (RTSP, HTTP MJPEG/HLS/progressive, ...) read with FFmpeg. When the stream drops
 * or cannot be opened, the camera goes offline and is retried forever with capped exponential
 * backoff. Capture time = the wall clock when a connection opened + the stream's presentation time.
 */
public final class StreamSource implements CameraSource {
    private static final String IO_TIMEOUT_MICROS = "5000000";

    private final String url;
    private final double fps;
    private final Backoff backoff;

    public StreamSource(String url, double fps, Backoff backoff) {
        this.url = url;
        this.fps = fps;
        this.backoff = backoff;
    }

    private FFmpegFrameGrabber open() throws Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url);
        // A silent server must not block a read forever: give up after 5 s and reconnect.
        g.setOption("rw_timeout", IO_TIMEOUT_MICROS);
        if (url.startsWith("rtsp")) {
            g.setOption("rtsp_transport", "tcp");
            g.setOption("timeout", IO_TIMEOUT_MICROS);
        }
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        g.start();
        return g;
    }

    @Override
    public void run(CameraPublisher out, BooleanSupplier stop) throws Exception {
        try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
            while (!stop.getAsBoolean()) {
                try (FFmpegFrameGrabber g = open()) {
                    out.state("online", null);
                    backoff.reset();
                    long anchor = System.currentTimeMillis();
                    long firstPts = Long.MIN_VALUE;
                    FrameSampler sampler = new FrameSampler(fps);
                    Frame f;
                    while (!stop.getAsBoolean() && (f = g.grabImage()) != null) {
                        if (firstPts == Long.MIN_VALUE) firstPts = f.timestamp;
                        long rel = Math.max(0, f.timestamp - firstPts);
                        if (!sampler.keep(rel)) continue;
                        out.frameRead();
                        BufferedImage img = VideoFileCamera.copy(converter.convert(f));
                        out.publishImage(img, anchor + rel / 1000);
                    }
                    if (!stop.getAsBoolean()) out.state("offline", "stream ended");
                } catch (Exception e) {
                    out.state("offline", "stream failed: " + e.getMessage());
                }
                sleep(backoff.nextDelayMs(), stop);
            }
        }
    }

    private static void sleep(long ms, BooleanSupplier stop) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!stop.getAsBoolean() && System.currentTimeMillis() < end) Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
    }

    @Override
    public String probe() throws Exception {
        try (FFmpegFrameGrabber g = open()) {
            String s = String.format("stream %s: %dx%d, %.1f fps", url, g.getImageWidth(), g.getImageHeight(), g.getFrameRate());
            g.stop();
            return s;
        }
    }
}
