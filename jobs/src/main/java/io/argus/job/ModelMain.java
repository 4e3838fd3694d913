package io.argus.job;

import io.argus.cli.Flags;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.models.ModelCommand;
import io.argus.models.ModelDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./argus model}: changes the models of a running job through its control topic (add, assign,
 * shadow, promote, retire), lists them from the {@code models} table, and tries a model file on images
 * before it is added. The job decides: a command it refuses changes nothing, and says why on the events
 * topic and in its log ({@code ./argus model list} shows the outcome).
 */
public final class ModelMain {
    public static final Flags FLAGS = new Flags("""
            usage: ./argus model add ID --model FILE [--layout L] [--confidence C] [--iou I]
                   ./argus model shadow ID --replaces ID [--camera C]...
                   ./argus model promote ID
                   ./argus model retire ID
                   ./argus model assign ID... --camera C [--labels L,L]
                   ./argus model list
                   ./argus model test [--model FILE] [--layout L] [--confidence C] [IMAGE...]""", """
            Models of a running job, without a restart. ID is name:version (the model_id of every row). add makes a
            model known (the job checks that it loads on a TaskManager first; the file must be at the same path there);
            shadow runs it beside the active model ID on the same frames (rows tagged with its id, compared per label
            in model_comparison_hourly, no episodes, actions or notifications); promote makes a shadow the active model
            of its cameras (the one it replaces is retired where it runs nowhere else); retire stops a model everywhere;
            assign sets the models (and labels) of one camera. list prints the models table; test runs a model file on
            images (default: the sample images) and prints its detections and timing. See docs/models.md.""")
            .kafka(" (default for ./argus: the dev stack's)")
            .option("control-topic", "TOPIC", "the job's control topic (default argus.control)")
            .jdbc(" (list; default for ./argus: the dev stack's)")
            .option("model", "FILE", "ONNX detector file (add, test)")
            .option("layout", "L", "output layout: auto, yolov8, yolov5, end2end (add, test; default auto)")
            .option("confidence", "C", "confidence threshold (add, test; default: the job's)")
            .option("iou", "I", "NMS IoU threshold (add, test; default: the job's)")
            .option("replaces", "ID", "the active model a shadow is compared with (shadow)")
            .repeatable("camera", "C", "a camera (shadow: default every camera that runs --replaces; assign: the camera)")
            .option("labels", "L,L", "labels the camera keeps (assign; empty: all)")
            .renamed("conf", "confidence")
            .positionals("ACTION ID");

    private ModelMain() {}

    public static void main(String[] args) {
        Flags.main(FLAGS, args, ModelMain::run);
    }

    public static int run(Flags.Parsed p) throws Exception {
        List<String> pos = p.positional();
        if (pos.isEmpty()) throw new Flags.UsageError("give an action: add, shadow, promote, retire, assign, list or test");
        String action = pos.get(0);
        List<String> ids = pos.subList(1, pos.size());
        return switch (action) {
            case "add" -> send(p, ModelCommand.add(definition(p, one(ids, action))));
            case "shadow" -> send(p, ModelCommand.shadow(id(one(ids, action)), id(p.required("replaces")), p.all("camera")));
            case "promote" -> send(p, ModelCommand.promote(id(one(ids, action))));
            case "retire" -> send(p, ModelCommand.retire(id(one(ids, action))));
            case "assign" -> {
                if (ids.isEmpty()) throw new Flags.UsageError("assign: give the camera's models (ID...)");
                if (p.all("camera").size() != 1) throw new Flags.UsageError("assign: give one --camera");
                String labels = p.get("labels", null);
                yield send(p, ModelCommand.assign(p.all("camera").get(0), ids.stream().map(ModelMain::id).toList(),
                        labels == null ? null : Arrays.stream(labels.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
            }
            case "list" -> list(p);
            case "test" -> test(p, ids);
            default -> throw new Flags.UsageError("unknown action '" + action + "' (add, shadow, promote, retire, assign, list or test)");
        };
    }

    private static String one(List<String> ids, String action) {
        if (ids.size() != 1) throw new Flags.UsageError(action + ": give one model ID (name:version)");
        return ids.get(0);
    }

    private static String id(String id) {
        if (!id.matches("[A-Za-z0-9._-]{1,64}:[A-Za-z0-9._+-]{1,64}")) throw new Flags.UsageError("'" + id + "' is not a model ID (name:version, e.g. yolov8n:2)");
        return id;
    }

    private static ModelDefinition definition(Flags.Parsed p, String id) {
        id(id);
        Path file = Path.of(p.required("model")).toAbsolutePath();
        int colon = id.indexOf(':');
        ModelDefinition m = new ModelDefinition(id.substring(0, colon), id.substring(colon + 1), file.toString(), p.get("layout", "auto"),
                p.decimal("confidence"), p.decimal("iou"));
        // Caught here, not only by the job: a file that does not load on this machine will not load there.
        if (Files.isRegularFile(file)) {
            try (OnnxDetector d = new OnnxDetector(InferenceOptions.defaults(file.toString()).with(m))) {
                System.err.printf(Locale.ROOT, "checked here: %s loads (%s layout, %dx%d input, %d labels)%n", id, d.layout(), d.inputWidth(),
                        d.inputHeight(), d.labels().size());
            } catch (RuntimeException e) {
                throw new IllegalStateException("model " + id + " does not load: " + e.getMessage() + " (nothing sent)");
            }
        } else {
            System.err.println("not on this machine: " + file + " (the job checks it on a TaskManager)");
        }
        return m;
    }

    private static int send(Flags.Parsed p, ModelCommand c) throws Exception {
        String topic = p.get("control-topic", ArgusOptions.CONTROL_TOPIC.defaultValue());
        Map<String, Object> props = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.required(Flags.BOOTSTRAP_SERVERS),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p.kafkaSecurity().addTo(props), new StringSerializer(), new StringSerializer())) {
            String key = c.subject() != null ? c.subject() : c.cameras().get(0);
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, key, c.toJson())).get(40, TimeUnit.SECONDS);
            System.out.println("sent to " + m.topic() + "-" + m.partition() + "@" + m.offset() + ": " + c.toJson());
            System.out.println("the job applies it within seconds, or refuses it and says why: ./argus model list");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic + " on " + p.get(Flags.BOOTSTRAP_SERVERS, "") + ": " + e.getCause().getMessage());
        }
        return 0;
    }

    private static int list(Flags.Parsed p) throws Exception {
        try (Connection c = DriverManager.getConnection(p.required(Flags.JDBC_URL), p.get(Flags.JDBC_USER, ""), p.jdbcPassword());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT m.id, m.status, m.activated_at, m.retired_at, coalesce(m.error, ''),
                            (SELECT round(avg(h.agreement)::numeric, 3) FROM model_comparison_hourly h
                              WHERE h.shadow_model_id = m.id AND h.bucket > now() - interval '24 hours') AS agreement
                     FROM models m ORDER BY m.status = 'retired', m.status = 'failed', m.id""")) {
            System.out.printf(Locale.ROOT, "%-28s %-9s %-20s %-20s %-9s %s%n", "id", "status", "activated", "retired", "agreement", "error");
            while (r.next()) {
                System.out.printf(Locale.ROOT, "%-28s %-9s %-20s %-20s %-9s %s%n", r.getString(1), r.getString(2), time(r.getTimestamp(3)),
                        time(r.getTimestamp(4)), r.getString(6) == null ? "" : r.getString(6), r.getString(5));
            }
        }
        return 0;
    }

    private static String time(java.sql.Timestamp t) {
        return t == null ? "" : t.toInstant().toString().substring(0, 19).replace('T', ' ');
    }

    /** Like ./argus detect, on the sample images when none are given. */
    private static int test(Flags.Parsed p, List<String> images) throws Exception {
        List<String> args = new ArrayList<>(List.of("--model", p.required("model")));
        for (String f : List.of("layout", "confidence", "iou")) if (p.has(f)) args.addAll(List.of("--" + f, p.get(f, null)));
        if (images.isEmpty()) {
            Path media = Path.of(System.getProperty("argus.assets", "assets"), "media");
            try (Stream<Path> s = Files.list(media)) {
                s.filter(f -> f.toString().matches(".*\\.(jpg|jpeg|png)")).sorted().forEach(f -> args.add(f.toString()));
            } catch (java.io.IOException e) {
                throw new Flags.UsageError("no IMAGE given and no sample images in " + media.toAbsolutePath() + " (./argus fetch-assets)");
            }
        } else {
            args.addAll(images);
        }
        return DetectMain.run(DetectMain.FLAGS.parse(args.toArray(String[]::new)));
    }
}
