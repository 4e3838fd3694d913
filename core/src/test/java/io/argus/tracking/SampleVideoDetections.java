package io.argus.tracking;

import io.argus.TestAssets;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.vision.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The real model's detections on the sample video (pedestrians, 79.5 s at 10 fps), sampled at 5 frames
 * per second as the demo sends it. Computed once per build (about a minute on two cores) and kept in
 * {@code target/} so that a second test on the same detections does not run the model again.
 */
final class SampleVideoDetections {
    static final double FPS = 5;

    record VideoFrame(long ts, List<Detection> detections) {}

    private SampleVideoDetections() {}

    static synchronized List<VideoFrame> load() throws Exception {
        OnnxDetector detector = SharedDetectors.acquire(InferenceOptions.defaults(TestAssets.model().toString()));
        try {
            Path cache = Path.of("target", "vtest-v2-" + FPS + "fps-" + detector.modelId().replaceAll("[^A-Za-z0-9]", "_") + ".txt");
            if (Files.isRegularFile(cache)) return read(cache);
            List<VideoFrame> frames = new ArrayList<>();
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(TestAssets.media("vtest.avi").toFile()); Java2DFrameConverter c = new Java2DFrameConverter()) {
                g.start();
                long next = 0, stepUs = (long) (1e6 / FPS);
                org.bytedeco.javacv.Frame f;
                while ((f = g.grabImage()) != null) {
                    if (f.timestamp < next) continue;
                    next += stepUs;
                    BufferedImage img = c.convert(f);
                    frames.add(new VideoFrame(f.timestamp / 1000, detector.detect(img)));
                }
            }
            write(cache, frames);
            return frames;
        } finally {
            SharedDetectors.release(detector);
        }
    }

    private static void write(Path file, List<VideoFrame> frames) throws IOException {
        StringBuilder b = new StringBuilder();
        for (VideoFrame v : frames) {
            b.append("frame ").append(v.ts()).append('\n');
            for (Detection d : v.detections()) {
                // The label last: some have spaces ("sports ball").
                b.append(String.format(Locale.ROOT, "%d %.5f %.5f %.5f %.5f %.5f %s %s%n", d.classId, d.confidence, d.x, d.y, d.w, d.h,
                        d.appearance == null ? "-" : java.util.HexFormat.of().formatHex(d.appearance), d.label));
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, b);
    }

    private static List<VideoFrame> read(Path file) throws IOException {
        List<VideoFrame> frames = new ArrayList<>();
        List<Detection> current = null;
        for (String line : Files.readAllLines(file)) {
            String[] p = line.split(" ", 8);
            if (p[0].equals("frame")) {
                current = new ArrayList<>();
                frames.add(new VideoFrame(Long.parseLong(p[1]), current));
            } else {
                Detection d = new Detection(Integer.parseInt(p[0]), p[7], Float.parseFloat(p[1]), Float.parseFloat(p[2]), Float.parseFloat(p[3]),
                        Float.parseFloat(p[4]), Float.parseFloat(p[5]));
                d.appearance = p[6].equals("-") ? null : java.util.HexFormat.of().parseHex(p[6]);
                current.add(d);
            }
        }
        return frames;
    }
}
