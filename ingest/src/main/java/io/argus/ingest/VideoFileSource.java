package io.argus.ingest;

import io.argus.config.CameraSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * A video file as a camera: capture time = start time + presentation time; with {@code loop} the
 * file starts again at its end and time runs on, so a looped file looks like a live camera.
 */
public final class VideoFileSource implements CameraSource {
    private final Path file;
    private final double fps;
    private final CameraSpec.Ingest settings;

    public VideoFileSource(Path file, double fps, CameraSpec.Ingest settings) {
        this.file = file;
        this.fps = fps;
        this.settings = settings;
    }

    @Override
    public boolean restartable() {
        return false;
    }

    @Override
    public void run(CameraPublisher out, BooleanSupplier stop) throws Exception {
        long start = settings.startTime().equals("now") ? System.currentTimeMillis() : Instant.parse(settings.startTime()).toEpochMilli();
        long offsetMicros = 0;
        out.state("online", null);
        do {
            long[] lastPts = {0};
            long base = offsetMicros;
            VideoFileCamera.read(file, fps, 0, settings.realTime(), (img, pts) -> {
                out.frameRead();
                out.publishImage(img, start + (base + pts) / 1000);
                lastPts[0] = pts;
                return !stop.getAsBoolean();
            });
            // The next loop starts one sampling interval after this one's last frame.
            offsetMicros += lastPts[0] + (fps > 0 ? Math.round(1_000_000 / fps) : 100_000);
        } while (settings.loop() && !stop.getAsBoolean());
        out.state("offline", "end of file");
    }

    @Override
    public String probe() throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            String s = String.format("video file %s: %dx%d, %.1f fps, %.1f s", file, g.getImageWidth(), g.getImageHeight(),
                    g.getFrameRate(), g.getLengthInTime() / 1e6);
            g.stop();
            return s;
        }
    }
}
