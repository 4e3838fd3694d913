package io.argus.ingest;

import io.argus.config.CameraSpec;
import io.argus.config.CamerasFile;
import io.argus.envelope.EnvelopeRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./argus ingest}: publishes cameras to Kafka, from a cameras file or one video file.
 * Prints a progress line per camera every few seconds and a summary at the end.
 */
public final class IngestMain {

    static final String USAGE = """
            usage: ./argus ingest --config CAMERAS.yaml [--camera ID]... [options]
                   ./argus ingest --file VIDEO [--camera-id ID] [options]

            Publishes camera frames to Kafka (argus.frames), each with the Argus envelope. Sources: video
            files, network streams (rtsp://, http://, ...; reconnected forever with backoff) and upload
            folders of stills (each file once, across restarts). Runs until every source has ended (a
            file without loop) or until interrupted (Ctrl-C), then prints a summary.

              --config FILE           cameras file (YAML; see docs/configuration.md, "The cameras file")
              --camera ID             only this camera of the file (repeatable)
              --file PATH             one video file as one camera (instead of --config)
              --camera-id ID          that camera's id (default: the file name without extension)
              --fps N                 sampling rate in frames per second (default: 2; 0 = every frame)
              --start-time T          capture time of the first frame: 'now' or an ISO-8601 instant (default: now)
              --max-width PX          downscale wider frames, keeping aspect (default: 0 = never)
              --quality Q             JPEG quality 0..1 (default: 0.85)
              --real-time             pace a file at its own speed (default: as fast as possible)
              --loop                  start a file again at its end (default: no)
              --bootstrap-servers HP  Kafka bootstrap servers (default: $ARGUS_KAFKA_BOOTSTRAP or 127.0.0.1:9092)
              --topic NAME            frames topic (default: argus.frames)
              --state-dir DIR         frame ids and upload-folder ledgers (default: .argus/ingest-state)
              --jdbc-url URL          keep the cameras table current (status, last_seen_at); default: off
              --jdbc-user U           (default: argus)
              --jdbc-password-file F  first line is the password
              --progress-interval S   seconds between progress lines (default: 5)
              --dry-run               validate the configuration and probe every source, publish nothing
            """;
    private static final Set<String> FLAGS = Set.of("real-time", "loop", "dry-run", "help");

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> a;
        try {
            a = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("argus: error: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
            return;
        }
        if (a.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        try {
            System.exit(run(a));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("argus: error: " + e.getMessage());
            System.exit(2);
        }
    }

    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("-h")) k = "--help";
            if (!k.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + k + "'");
            k = k.substring(2);
            String v;
            int eq = k.indexOf('=');
            if (eq > 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            } else if (FLAGS.contains(k)) {
                v = "true";
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + k + " needs a value");
                v = args[++i];
            }
            if (!FLAGS.contains(k) && !USAGE.contains("--" + k + " ")) throw new IllegalArgumentException("unknown option --" + k);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return m;
    }

    private static String one(Map<String, List<String>> a, String key, String dflt) {
        List<String> v = a.get(key);
        return v == null ? dflt : v.get(v.size() - 1);
    }

    private static double number(Map<String, List<String>> a, String key, String dflt) {
        String v = one(a, key, dflt);
        try {
            double d = Double.parseDouble(v);
            if (d < 0) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a non-negative number, got '" + v + "'");
        }
    }

    /** The cameras to run and the folder their relative paths resolve against. */
    record Plan(List<CameraSpec> cameras, Path base) {}

    static Plan plan(Map<String, List<String>> a) {
        if (a.containsKey("config") == a.containsKey("file")) throw new IllegalArgumentException("give either --config FILE or --file VIDEO");
        if (a.containsKey("config")) {
            Path f = Path.of(one(a, "config", null));
            CamerasFile cf = CamerasFile.load(f);
            List<CameraSpec> cams = cf.cameras();
            if (a.containsKey("camera")) {
                List<String> want = a.get("camera");
                for (String w : want) {
                    if (!cf.cameraIds().contains(w)) throw new IllegalArgumentException("--camera " + w + ": no such camera in " + f + " (has: " + cf.cameraIds() + ")");
                }
                cams = cams.stream().filter(c -> want.contains(c.id())).toList();
            }
            return new Plan(cams, f.toAbsolutePath().getParent());
        }
        Path file = Path.of(one(a, "file", null));
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--file: no video file at " + file.toAbsolutePath());
        String name = file.getFileName().toString();
        String id = one(a, "camera-id", name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name);
        if (!EnvelopeRules.CAMERA_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("--camera-id '" + id + "' must match " + EnvelopeRules.CAMERA_ID.pattern());
        }
        String start = one(a, "start-time", "now");
        if (!start.equals("now")) {
            try {
                Instant.parse(start);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--start-time must be 'now' or an ISO-8601 instant like 2026-01-31T10:00:00Z");
            }
        }
        double quality = number(a, "quality", "0.85");
        if (quality <= 0 || quality > 1) throw new IllegalArgumentException("--quality must be in (0, 1]");
        CameraSpec.Ingest ing = new CameraSpec.Ingest(a.containsKey("loop"), a.containsKey("real-time"),
                (int) number(a, "max-width", "0"), quality, start, "exif");
        return new Plan(List.of(new CameraSpec(id, id, file.toAbsolutePath().toString(), number(a, "fps", "2"), List.of(), List.of(),
                List.of(), List.of(), ing)), null);
    }

    /** Runs ingest with command-line arguments, in this JVM (tests, embedding). Returns the exit code. */
    public static int run(String... args) throws Exception {
        Map<String, List<String>> a = parse(args);
        if (a.containsKey("help")) {
            System.out.print(USAGE);
            return 0;
        }
        return run(a);
    }

    static int run(Map<String, List<String>> a) throws Exception {
        Plan plan = plan(a);
        Path stateDir = Path.of(one(a, "state-dir", ".argus/ingest-state"));
        if (a.containsKey("dry-run")) return dryRun(plan, stateDir);
        String bootstrap = one(a, "bootstrap-servers", System.getenv().getOrDefault("ARGUS_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        String topic = one(a, "topic", "argus.frames");
        FramePublisher.requireTopic(bootstrap, topic, "--topic");
        long progressMs = (long) (number(a, "progress-interval", "5") * 1000);
        CameraRegistry registry = null;
        if (a.containsKey("jdbc-url")) {
            String pw = "";
            if (a.containsKey("jdbc-password-file")) pw = Files.readAllLines(Path.of(one(a, "jdbc-password-file", null))).get(0).strip();
            registry = new CameraRegistry(one(a, "jdbc-url", null), one(a, "jdbc-user", "argus"), pw);
            for (CameraSpec c : plan.cameras()) registry.register(c);
        }
        System.out.printf("ingest: %d camera(s) to %s on %s%n", plan.cameras().size(), topic, bootstrap);
        try (FramePublisher producer = new FramePublisher(bootstrap, topic)) {
            IngestRunner runner = new IngestRunner(plan.cameras(), plan.base(), producer, stateDir,
                    registry == null ? CameraPublisher.CameraStatusListener.NONE : registry);
            Thread hook = new Thread(() -> {
                try {
                    runner.close();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                summary(runner, producer);
            });
            Runtime.getRuntime().addShutdownHook(hook);
            runner.start();
            while (!runner.awaitAll(progressMs)) runner.progress().forEach(l -> System.out.println("ingest: " + l));
            Runtime.getRuntime().removeShutdownHook(hook);
            runner.close();
            summary(runner, producer);
            return producer.failed() > 0 ? 1 : 0;
        } finally {
            if (registry != null) registry.close();
        }
    }

    private static void summary(IngestRunner runner, FramePublisher producer) {
        System.out.println("ingest: summary");
        runner.progress().forEach(l -> System.out.println("  " + l));
        System.out.printf("  delivered to Kafka: %d, failed: %d%s%n", producer.sent(), producer.failed(),
                producer.failed() > 0 ? " (last error: " + producer.lastError() + ")" : "");
    }

    private static int dryRun(Plan plan, Path stateDir) {
        int bad = 0;
        for (CameraSpec c : plan.cameras()) {
            try {
                System.out.println("ok    " + c.id() + ": " + CameraSource.of(c, plan.base(), stateDir).probe());
            } catch (Exception e) {
                bad++;
                String src = io.argus.config.SourceUrl.redact(c.source()), why = String.valueOf(e.getMessage());
                // Stream errors already start with the (redacted) URL; others get the source in front.
                System.out.println("FAIL  " + c.id() + ": " + (why.startsWith(src) || why.startsWith("camera '") ? why : src + ": " + why));
            }
        }
        System.out.println(bad == 0 ? "dry run: configuration valid, every source answered" : "dry run: " + bad + " source(s) failed");
        return bad == 0 ? 0 : 1;
    }
}
