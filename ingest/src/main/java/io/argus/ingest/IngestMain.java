package io.argus.ingest;

import io.argus.cli.Flags;
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

    /** The flags of {@code ./argus ingest} (the one convention: see {@link Flags}). */
    public static final Flags FLAGS = new Flags("""
            usage: ./argus ingest --cameras FILE [--camera ID]... [flags]
                   ./argus ingest --file VIDEO [--camera ID] [flags]""", """
            Publishes camera frames to Kafka (argus.frames), each with the Argus envelope. Sources: video
            files, network streams (rtsp://, http://, ...; reconnected forever with backoff) and upload
            folders of stills (each file once, across restarts). Runs until every source has ended (a
            file without loop) or until interrupted (Ctrl-C), then prints a summary.""")
            .option("cameras", "FILE", "cameras file (YAML; see docs/configuration.md, \"The cameras file\")")
            .repeatable("camera", "ID", "only this camera of the file (repeatable); with --file, its id (default: the file name)")
            .option("file", "VIDEO", "one video file as one camera (instead of --cameras)")
            .option("fps", "N", "sampling rate in frames per second (default: 2, or each camera's fps in the file; 0 = every frame)")
            .option("start-time", "T", "capture time of the first frame: 'now' or an ISO-8601 instant (default: now)")
            .option("max-width", "PX", "downscale wider frames, keeping aspect (default: 0 = never)")
            .option("quality", "Q", "JPEG quality 0..1 (default: " + CameraSpec.Ingest.defaults().quality() + ")")
            .flag("real-time", "pace a file at its own speed (default: as fast as possible)")
            .flag("loop", "start a file again at its end (default: no)")
            .kafka(" (default: $ARGUS_KAFKA_BOOTSTRAP or 127.0.0.1:9092)")
            .option("topic", "NAME", "frames topic (default: argus.frames)")
            .option("state-dir", "DIR", "frame ids and upload-folder ledgers (default: .argus/ingest-state)")
            .jdbc(" to keep the cameras table current (status, last_seen_at); default: off")
            .option("progress-interval", "S", "seconds between progress lines (default: 5)")
            .flag("dry-run", "validate the configuration and probe every source, publish nothing")
            .renamed("config", "cameras")
            .renamed("camera-id", "camera");

    public static void main(String[] args) {
        Flags.main(FLAGS, args, IngestMain::run);
    }

    private static double number(Flags.Parsed a, String key, String dflt) {
        String v = a.get(key, dflt);
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

    static Plan plan(Flags.Parsed a) {
        if (a.has("cameras") == a.has("file")) throw new IllegalArgumentException("give either --cameras FILE or --file VIDEO");
        if (a.has("cameras")) {
            Path f = Path.of(a.get("cameras", null));
            CamerasFile cf = CamerasFile.load(f);
            List<CameraSpec> cams = cf.cameras();
            if (a.has("camera")) {
                List<String> want = a.all("camera");
                for (String w : want) {
                    if (!cf.cameraIds().contains(w)) throw new IllegalArgumentException("--camera " + w + ": no such camera in " + f + " (has: " + cf.cameraIds() + ")");
                }
                cams = cams.stream().filter(c -> want.contains(c.id())).toList();
            }
            if (a.has("fps")) {
                double fps = number(a, "fps", null);
                cams = cams.stream().map(c -> new CameraSpec(c.id(), c.name(), c.source(), fps, c.models(), c.labels(), c.zones(), c.lines(),
                        c.ingest())).toList();
            }
            return new Plan(cams, f.toAbsolutePath().getParent());
        }
        Path file = Path.of(a.get("file", null));
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--file: no video file at " + file.toAbsolutePath());
        String name = file.getFileName().toString();
        if (a.all("camera").size() > 1) throw new IllegalArgumentException("--file is one camera: give --camera once");
        String id = a.get("camera", name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name);
        if (!EnvelopeRules.CAMERA_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("--camera '" + id + "' must match " + EnvelopeRules.CAMERA_ID.pattern());
        }
        String start = a.get("start-time", "now");
        if (!start.equals("now")) {
            try {
                Instant.parse(start);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--start-time must be 'now' or an ISO-8601 instant like 2026-01-31T10:00:00Z");
            }
        }
        double quality = number(a, "quality", Double.toString(CameraSpec.Ingest.defaults().quality()));
        if (quality <= 0 || quality > 1) throw new IllegalArgumentException("--quality must be in (0, 1]");
        CameraSpec.Ingest ing = new CameraSpec.Ingest(a.has("loop"), a.has("real-time"),
                (int) number(a, "max-width", "0"), quality, start, "exif");
        return new Plan(List.of(new CameraSpec(id, id, file.toAbsolutePath().toString(), number(a, "fps", "2"), List.of(), List.of(),
                List.of(), List.of(), ing)), null);
    }

    /** Runs ingest with command-line arguments, in this JVM (tests, embedding). Returns the exit code. */
    public static int run(String... args) throws Exception {
        Flags.Parsed a = FLAGS.parse(args);
        if (a.has("help")) {
            System.out.print(FLAGS.usage());
            return 0;
        }
        return run(a);
    }

    static int run(Flags.Parsed a) throws Exception {
        Plan plan = plan(a);
        Path stateDir = Path.of(a.get("state-dir", ".argus/ingest-state"));
        if (a.has("dry-run")) return dryRun(plan, stateDir);
        String bootstrap = a.get(Flags.BOOTSTRAP_SERVERS, System.getenv().getOrDefault("ARGUS_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        String topic = a.get("topic", "argus.frames");
        io.argus.cli.KafkaSecurity security = a.kafkaSecurity();
        FramePublisher.requireTopic(bootstrap, security, topic, "--topic");
        long progressMs = (long) (number(a, "progress-interval", "5") * 1000);
        CameraRegistry registry = null;
        if (a.has(Flags.JDBC_URL)) {
            registry = new CameraRegistry(a.get(Flags.JDBC_URL, null), a.get(Flags.JDBC_USER, "argus"), a.jdbcPassword());
            for (CameraSpec c : plan.cameras()) registry.register(c);
        }
        System.out.printf("ingest: %d camera(s) to %s on %s%n", plan.cameras().size(), topic, bootstrap);
        try (FramePublisher producer = new FramePublisher(bootstrap, topic, security.addTo(new java.util.Properties()))) {
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
