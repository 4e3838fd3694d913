package io.argus.ingest;

import io.argus.envelope.EnvelopeRules;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./argus ingest}: publishes a video file's frames to Kafka as one camera.
 * Prints a progress line every few seconds and a summary at the end.
 */
public final class IngestMain {

    static final String USAGE = """
            usage: ./argus ingest --file VIDEO [options]

            Publishes the frames of a video file (anything FFmpeg reads) to Kafka as one camera.
              --file PATH             video file (required)
              --camera-id ID          camera id (default: file name without extension)
              --bootstrap-servers HP  Kafka bootstrap servers (default: the local stack's)
              --topic NAME            frames topic (default: argus.frames)
              --fps N                 sampling rate in frames per second (default: 2; 0 = every frame)
              --start-time T          capture time of the first frame: ISO-8601 instant or 'now' (default: now)
              --first-frame-id N      frame id of the first published frame (default: 0)
              --max-frames N          stop after N frames (default: no limit)
              --max-width PX          downscale wider frames, keeping aspect (default: 0 = never)
              --quality Q             JPEG quality 0..1 (default: 0.85)
              --real-time             pace at the video's speed (default: as fast as possible)
            """;

    public static void main(String[] args) throws Exception {
        Map<String, String> a;
        try {
            a = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
            return;
        }
        if (a.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        try {
            run(a);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("-h") || k.equals("--help")) {
                m.put("help", "");
                continue;
            }
            if (!k.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + k + "'");
            k = k.substring(2);
            if (k.equals("real-time")) {
                m.put(k, "true");
                continue;
            }
            int eq = k.indexOf('=');
            if (eq > 0) {
                m.put(k.substring(0, eq), k.substring(eq + 1));
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + k + " needs a value");
                m.put(k, args[++i]);
            }
        }
        for (String k : m.keySet()) {
            if (!USAGE.contains("--" + k + " ") && !k.equals("help")) throw new IllegalArgumentException("unknown option --" + k);
        }
        return m;
    }

    static void run(Map<String, String> a) throws Exception {
        String file = a.get("file");
        if (file == null) throw new IllegalArgumentException("--file is required");
        Path path = Path.of(file);
        String name = path.getFileName().toString();
        String camera = a.getOrDefault("camera-id", name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name);
        if (!EnvelopeRules.CAMERA_ID.matcher(camera).matches()) {
            throw new IllegalArgumentException("--camera-id '" + camera + "' must match " + EnvelopeRules.CAMERA_ID.pattern());
        }
        String bootstrap = a.getOrDefault("bootstrap-servers", System.getenv().getOrDefault("ARGUS_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        String topic = a.getOrDefault("topic", "argus.frames");
        double fps = number(a, "fps", "2");
        String st = a.getOrDefault("start-time", "now");
        long startTs;
        try {
            startTs = st.equals("now") ? System.currentTimeMillis() : Instant.parse(st).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--start-time must be 'now' or an ISO-8601 instant like 2026-01-31T10:00:00Z");
        }
        long firstId = (long) number(a, "first-frame-id", "0");
        long maxFrames = (long) number(a, "max-frames", Long.toString(Long.MAX_VALUE));
        int maxWidth = (int) number(a, "max-width", "0");
        float quality = (float) number(a, "quality", "0.85");
        boolean realTime = a.containsKey("real-time");

        System.out.printf("ingest: camera %s <- %s at %s fps, to %s on %s%n", camera, path, fps == 0 ? "all" : fps, topic, bootstrap);
        VideoIngest ingest = new VideoIngest(path, camera, fps, startTs, firstId, maxFrames, maxWidth, quality, realTime);
        long t0 = System.nanoTime();
        long[] lastReport = {t0};
        try (FramePublisher pub = new FramePublisher(bootstrap, topic)) {
            long last = ingest.publish(pub, (n, p) -> {
                long now = System.nanoTime();
                if (now - lastReport[0] > 2_000_000_000L) {
                    lastReport[0] = now;
                    System.out.printf("ingest: %s frames read %d, sent %d, failed %d, %.1f frames/s%n", camera,
                            n, p.sent(), p.failed(), n / ((now - t0) / 1e9));
                }
            });
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("ingest: done: %s published %d frames in %.1f s (frame ids %d..%d)%n",
                    camera, pub.sent(), secs, firstId, last);
            if (pub.failed() > 0) {
                System.err.println("ingest: " + pub.failed() + " frames were not delivered: " + pub.lastError());
                System.exit(1);
            }
        }
    }

    private static double number(Map<String, String> a, String key, String dflt) {
        String v = a.getOrDefault(key, dflt);
        try {
            double d = Double.parseDouble(v);
            if (d < 0) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a non-negative number, got '" + v + "'");
        }
    }
}
