package io.argus.ingest;

import io.argus.config.CameraSpec.RtspTransport;
import io.argus.config.SourceUrl;
import io.argus.retry.Backoff;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A network stream (RTSP, HTTP MJPEG/HLS/progressive, ...) read with FFmpeg. When the stream drops
 * or cannot be opened, the camera goes offline, says why in words ({@link StreamErrors}), and is
 * retried forever with capped exponential backoff. Capture time = the wall clock when a connection
 * opened + the stream's presentation time.
 *
 * <p>The URL it opens may hold a password (expanded from the cameras file's {@code ${...}}); every
 * status, message and exception it lets out shows the URL redacted and has the password scrubbed.
 */
public final class StreamSource implements CameraSource {
    private static final String IO_TIMEOUT_MICROS = "5000000";

    private final String url;
    private final String shown;
    private final double fps;
    private final RtspTransport transport;
    private final Map<String, String> inputOptions;
    private final Backoff backoff;

    /**
     * @param url the URL to open, credentials included
     * @param transport for rtsp:// URLs, how RTP travels
     * @param inputOptions further FFmpeg input options, set last (they win)
     */
    public StreamSource(String url, double fps, RtspTransport transport, Map<String, String> inputOptions, Backoff backoff) {
        this.url = url;
        this.shown = SourceUrl.redact(url);
        this.fps = fps;
        this.transport = transport;
        this.inputOptions = Map.copyOf(inputOptions);
        this.backoff = backoff;
        FfmpegMessages.install();
    }

    public StreamSource(String url, double fps, Backoff backoff) {
        this(url, fps, RtspTransport.TCP, Map.of(), backoff);
    }

    private boolean rtsp() {
        return url.startsWith("rtsp://") || url.startsWith("rtsps://");
    }

    private FFmpegFrameGrabber open() throws Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url);
        // A silent server must not block a read forever: give up after 5 s and reconnect.
        g.setOption("rw_timeout", IO_TIMEOUT_MICROS);
        if (rtsp()) {
            if (transport != RtspTransport.AUTO) g.setOption("rtsp_transport", transport.key());
            g.setOption("timeout", IO_TIMEOUT_MICROS);
        }
        inputOptions.forEach(g::setOption);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        FfmpegMessages.clear();
        try {
            g.start();
        } catch (Exception | Error e) {
            try {
                g.release();
            } catch (Exception ignored) {
                // the grabber never opened: nothing more to free
            }
            throw failure(e);
        }
        return g;
    }

    /** What went wrong, in words, naming the URL without its password (the cause is left out: its message holds the URL). */
    private IllegalStateException failure(Throwable e) {
        String why = StreamErrors.describe(FfmpegMessages.recent(), e.getMessage(), rtsp() ? transport : null);
        IllegalStateException out = new IllegalStateException(SourceUrl.scrub(shown + ": " + why, url));
        out.setStackTrace(e.getStackTrace());
        return out;
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
                    FfmpegMessages.clear();
                    while (!stop.getAsBoolean() && (f = g.grabImage()) != null) {
                        if (firstPts == Long.MIN_VALUE) firstPts = f.timestamp;
                        long rel = Math.max(0, f.timestamp - firstPts);
                        if (!sampler.keep(rel)) continue;
                        out.frameRead();
                        BufferedImage img = VideoFileCamera.copy(converter.convert(f));
                        out.publishImage(img, anchor + rel / 1000);
                    }
                    if (!stop.getAsBoolean()) out.state("offline", shown + ": the stream ended");
                } catch (IllegalStateException e) {
                    out.state("offline", e.getMessage()); // from open(): already in words and scrubbed
                } catch (Exception e) {
                    out.state("offline", failure(e).getMessage());
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
            String s = String.format("stream %s: %dx%d, %.1f fps", shown, g.getImageWidth(), g.getImageHeight(), g.getFrameRate());
            g.stop();
            return s;
        }
    }
}
