package io.argus.job;

import io.argus.storage.StorageOptions;
import static org.apache.flink.configuration.ConfigOptions.key;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Every setting of the Argus job, with its default and meaning: the one typed place for
 * configuration. The README's configuration table lists the same options.
 */
public final class ArgusOptions {
    private ArgusOptions() {}

    public static final ConfigOption<String> KAFKA_BOOTSTRAP = key("argus.kafka.bootstrap-servers")
            .stringType().defaultValue("127.0.0.1:9092").withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> FRAMES_TOPIC = key("argus.kafka.frames-topic")
            .stringType().defaultValue("argus.frames").withDescription("Topic the job reads frames from.");
    public static final ConfigOption<String> DLQ_TOPIC = key("argus.kafka.dlq-topic")
            .stringType().defaultValue("argus.frames.dlq").withDescription("Dead-letter topic for rejected frames.");
    public static final ConfigOption<String> EVENTS_TOPIC = key("argus.kafka.events-topic")
            .stringType().defaultValue("argus.events").withDescription("Topic for episodes and actions as JSON (real-time consumers).");
    public static final ConfigOption<String> GROUP_ID = key("argus.kafka.group-id")
            .stringType().defaultValue("argus-job").withDescription("Kafka consumer group (offsets commit on checkpoints).");
    public static final ConfigOption<String> STARTING_OFFSETS = key("argus.kafka.starting-offsets")
            .stringType().defaultValue("committed")
            .withDescription("Where a job without state starts: committed (else earliest), earliest, latest, or timestamp:<epoch ms>.");
    public static final ConfigOption<Boolean> BOUNDED = key("argus.kafka.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the offsets that were latest when the job started (demo, tests, backfills).");

    public static final ConfigOption<String> JDBC_URL = key("argus.jdbc.url")
            .stringType().defaultValue("jdbc:postgresql://127.0.0.1:5432/argus").withDescription("PostgreSQL/TimescaleDB JDBC URL.");
    public static final ConfigOption<String> JDBC_USER = key("argus.jdbc.user")
            .stringType().defaultValue("argus").withDescription("Database user (the writer role).");
    public static final ConfigOption<String> JDBC_PASSWORD = key("argus.jdbc.password")
            .stringType().defaultValue("").withDescription("Database password; prefer argus.jdbc.password-file.");
    public static final ConfigOption<String> JDBC_PASSWORD_FILE = key("argus.jdbc.password-file")
            .stringType().noDefaultValue().withDescription("File whose first line is the database password.");
    public static final ConfigOption<Integer> JDBC_BATCH_SIZE = key("argus.jdbc.batch-size")
            .intType().defaultValue(500).withDescription("Rows per JDBC batch.");
    public static final ConfigOption<Duration> JDBC_BATCH_INTERVAL = key("argus.jdbc.batch-interval")
            .durationType().defaultValue(Duration.ofSeconds(1)).withDescription("Longest a row waits before its batch is flushed.");
    public static final ConfigOption<Integer> JDBC_MAX_RETRIES = key("argus.jdbc.max-retries")
            .intType().defaultValue(10)
            .withDescription("Retries of a failed batch (with backoff) before the job restarts from its last checkpoint; rows are never dropped.");
    public static final ConfigOption<Duration> RAW_RETENTION = key("argus.storage.raw-retention")
            .durationType().defaultValue(StorageOptions.defaults().rawRetention())
            .withDescription("Raw ai_events and detections are dropped after this (TimescaleDB: a retention policy; plain PostgreSQL: ./argus maintain).");
    public static final ConfigOption<Duration> COMPRESS_AFTER = key("argus.storage.compress-after")
            .durationType().defaultValue(StorageOptions.defaults().compressAfter()).withDescription("TimescaleDB: raw rows are compressed after this, segmented by camera.");
    public static final ConfigOption<Duration> HOURLY_RETENTION = key("argus.storage.hourly-retention")
            .durationType().defaultValue(StorageOptions.defaults().hourlyRetention())
            .withDescription("Hourly rollups are dropped after this; daily, weekly and monthly rollups are kept.");
    public static final ConfigOption<io.argus.storage.TimescaleMode> TIMESCALEDB = key("argus.storage.timescaledb")
            .enumType(io.argus.storage.TimescaleMode.class).defaultValue(StorageOptions.defaults().timescaledb())
            .withDescription("TimescaleDB: auto (create the extension where the server has it, else plain tables with a warning), required (fail at the migration unless the database runs it) or off (plain tables).");
    public static final ConfigOption<String> ROLLUP_ZONE = key("argus.rollups.time-zone")
            .stringType().defaultValue(StorageOptions.defaults().rollupZone().getId()).withDescription("Time zone whose midnight starts a daily rollup bucket (and so weeks and months).");
    public static final ConfigOption<java.time.DayOfWeek> WEEK_START = key("argus.rollups.week-start")
            .enumType(java.time.DayOfWeek.class).defaultValue(StorageOptions.defaults().weekStart())
            .withDescription("First day of a weekly rollup bucket (rollups_weekly), in the rollups' time zone.");
    public static final ConfigOption<Boolean> MIGRATE_ON_START = key("argus.jdbc.migrate-on-start")
            .booleanType().defaultValue(true).withDescription("Apply the schema migrations before the job starts.");

    public static final ConfigOption<String> CAMERAS_CONFIG = key("argus.cameras.config")
            .stringType().noDefaultValue()
            .withDescription("Cameras file (YAML): the known cameras, the models each runs and the labels each keeps. Without it: one model (argus.model.*) for every camera.");
    public static final ConfigOption<String> MODEL_PATH = key("argus.model.path")
            .stringType().defaultValue("assets/models/yolov8n.onnx").withDescription("ONNX detector file.");
    public static final ConfigOption<String> MODEL_NAME = key("argus.model.name")
            .stringType().defaultValue("yolov8n").withDescription("Model name in rows and the models table.");
    public static final ConfigOption<String> MODEL_LAYOUT = key("argus.model.layout")
            .stringType().defaultValue("auto").withDescription("Output layout: auto, yolov8, yolov5 or end2end.");
    public static final ConfigOption<Integer> MODEL_INPUT_SIZE = key("argus.model.input-size")
            .intType().defaultValue(640).withDescription("Input size for models whose input size is dynamic.");
    public static final ConfigOption<String> PROVIDER = key("argus.inference.provider")
            .stringType().defaultValue("auto").withDescription("Execution provider: auto (CUDA when present, else CPU), cuda or cpu.");
    public static final ConfigOption<Integer> DEVICE_ID = key("argus.inference.device-id")
            .intType().defaultValue(0).withDescription("CUDA device id.");
    public static final ConfigOption<Integer> INTRA_THREADS = key("argus.inference.intra-op-threads")
            .intType().defaultValue(io.argus.inference.InferenceOptions.DEFAULT_INTRA_OP_THREADS)
            .withDescription("ONNX Runtime threads within one model call.");
    public static final ConfigOption<Integer> MODEL_CALLS = key("argus.inference.model-calls")
            .intType().defaultValue(io.argus.inference.InferenceOptions.DEFAULT_MODEL_CALLS)
            .withDescription("Model calls at once per inference subtask, each on its own thread and batch (one session shared): with intra-op-threads, the cores inference takes; independent calls scale better than threads within one call on CPU.");
    public static final ConfigOption<Integer> INTER_THREADS = key("argus.inference.inter-op-threads")
            .intType().defaultValue(1).withDescription("ONNX Runtime inter-op threads per session.");
    public static final ConfigOption<String> OPT_LEVEL = key("argus.inference.optimization-level")
            .stringType().defaultValue("all").withDescription("Graph optimisation: none, basic, extended or all.");
    public static final ConfigOption<Double> CONFIDENCE = key("argus.inference.confidence-threshold")
            .doubleType().defaultValue(0.25).withDescription("Detections below this confidence are dropped.");
    public static final ConfigOption<Double> IOU = key("argus.inference.iou-threshold")
            .doubleType().defaultValue(0.45).withDescription("Non-maximum suppression IoU threshold.");
    public static final ConfigOption<Integer> BATCH_SIZE = key("argus.inference.batch-size")
            .intType().defaultValue(4).withDescription("Frames per inference batch (across cameras).");
    public static final ConfigOption<Integer> PREPROCESS_THREADS = key("argus.inference.preprocess-threads")
            .intType().defaultValue(1).withDescription("Threads per inference subtask that decode and letterbox frames while the model runs.");
    public static final ConfigOption<String> DECODER = key("argus.inference.decoder")
            .stringType().defaultValue("auto")
            .withDescription("JPEG decoder of the preprocessing threads: auto (FFmpeg when its natives load, else ImageIO; logged once), "
                    + "ffmpeg (FFmpeg's MJPEG decoder, with swscale doing the letterbox resize) or imageio (the JDK's).");
    public static final ConfigOption<Duration> BATCH_MAX_WAIT = key("argus.inference.batch-max-wait")
            .durationType().defaultValue(Duration.ofMillis(20)).withDescription("Longest the first frame of a batch waits for more.");
    public static final ConfigOption<Duration> INFERENCE_TIMEOUT = key("argus.inference.timeout")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("A frame not inferred within this is skipped and dead-lettered; a model call running 10 times this long is hung and fails the task (Flink restarts it with a fresh model session).");
    public static final ConfigOption<Integer> CAPACITY = key("argus.inference.capacity")
            .intType().defaultValue(16).withDescription("Frames in flight per inference subtask (bounds memory; back-pressures Kafka).");
    public static final ConfigOption<Integer> INFERENCE_PARALLELISM = key("argus.inference.parallelism")
            .intType().defaultValue(-1).withDescription("Parallelism of the inference operator (-1: the job's).");

    public static final ConfigOption<Duration> EPISODE_GAP = key("argus.episodes.gap")
            .durationType().defaultValue(Duration.ofSeconds(5)).withDescription("An episode closes when its object has been unseen this long (event time).");
    public static final ConfigOption<Duration> EPISODE_MIN_DURATION = key("argus.episodes.min-duration")
            .durationType().defaultValue(Duration.ofSeconds(1)).withDescription("An object must be seen this long before its episode opens (debounce).");
    public static final ConfigOption<Duration> EPISODE_UPSERT_EVERY = key("argus.episodes.upsert-every")
            .durationType().defaultValue(Duration.ofSeconds(10)).withDescription("An open episode's row is refreshed at most this often.");
    public static final ConfigOption<Double> STATIONARY_TOLERANCE = key("argus.stationary.tolerance")
            .doubleType().defaultValue(0.02).withDescription("Foot-point movement (fraction of the frame) under which an object is still.");
    public static final ConfigOption<Duration> STATIONARY_AFTER = key("argus.stationary.after")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("Still this long = stationary (one action, no zone or line actions while it stays).");
    public static final ConfigOption<Integer> ZONE_INERTIA = key("argus.zones.inertia")
            .intType().defaultValue(3).withDescription("Frames in a row inside (outside) a zone before an enter (exit) counts.");
    public static final ConfigOption<Integer> LINE_INERTIA = key("argus.lines.inertia")
            .intType().defaultValue(2).withDescription("Frames in a row on the other side before a line crossing counts.");
    public static final ConfigOption<Duration> LOITERING_AFTER = key("argus.loitering.after")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("Dwell in a zone longer than this = loitering.");
    public static final ConfigOption<Integer> CROWDING_COUNT = key("argus.crowding.count")
            .intType().defaultValue(3).withDescription("More than this many objects of one label in a zone ...");
    public static final ConfigOption<Duration> CROWDING_AFTER = key("argus.crowding.after")
            .durationType().defaultValue(Duration.ofSeconds(10)).withDescription("... for this long = crowding.");
    public static final ConfigOption<Double> TRACK_HIGH = key("argus.tracker.high-threshold")
            .doubleType().defaultValue(0.5).withDescription("Detections at or above this start and extend tracks.");
    public static final ConfigOption<Double> TRACK_LOW = key("argus.tracker.low-threshold")
            .doubleType().defaultValue(0.1).withDescription("Detections from this up to the high threshold only extend existing tracks.");
    public static final ConfigOption<Double> TRACK_IOU = key("argus.tracker.match-iou")
            .doubleType().defaultValue(0.3).withDescription("Least IoU between a track and a detection to associate them.");
    public static final ConfigOption<Integer> TRACK_CONFIRM = key("argus.tracker.confirm-hits")
            .intType().defaultValue(3).withDescription("Hits in a row before a track is confirmed (unconfirmed tracks count for nothing).");
    public static final ConfigOption<Duration> TRACK_MAX_LOST = key("argus.tracker.max-lost")
            .durationType().defaultValue(Duration.ofSeconds(4))
            .withDescription("A confirmed track survives this long unseen (lost: hidden behind someone or something, missed in a crowd).");
    public static final ConfigOption<Double> TRACK_REID_DISTANCE = key("argus.tracker.reid-distance")
            .doubleType().defaultValue(1.0)
            .withDescription("A lost track takes a confident detection nobody else claimed whose centre is within this many of its box heights"
                    + " of where it would be by now or where it was last seen (0: lost tracks match by IoU only).");
    public static final ConfigOption<Double> TRACK_REID_SIZE = key("argus.tracker.reid-size-ratio")
            .doubleType().defaultValue(1.5).withDescription("... and whose box height is within this ratio of the track's.");
    public static final ConfigOption<Double> TRACK_MIN_APPEARANCE = key("argus.tracker.min-appearance")
            .doubleType().defaultValue(0.5)
            .withDescription("Likeness (0..1) of the colours of a track and a detection below which they are not matched (0: colours never forbid a match); every match is"
                    + " also ranked by overlap or distance weighed by likeness, so where two boxes meet each keeps its own colours.");

    public static final ConfigOption<Boolean> MEDIA_ENABLED = key("argus.media.enabled")
            .booleanType().defaultValue(true).withDescription("Write a best-frame snapshot and a clip of every episode (see Snapshots and clips).");
    public static final ConfigOption<String> MEDIA_DIR = key("argus.media.dir")
            .stringType().defaultValue(".argus/media")
            .withDescription("Root of the snapshots and clips: a local folder (relative to the TaskManager's working directory) or any URI Flink has a file system for, e.g. s3://bucket/argus.");
    public static final ConfigOption<Duration> MEDIA_SNAPSHOT_EVERY = key("argus.media.snapshot.min-interval")
            .durationType().defaultValue(Duration.ofSeconds(10)).withDescription("An open episode's snapshot is rewritten (when its best frame changed) at most this often, in event time; final when it closes.");
    public static final ConfigOption<Duration> MEDIA_PRE_ROLL = key("argus.media.clip.pre-roll")
            .durationType().defaultValue(Duration.ofSeconds(3)).withDescription("A clip starts this long before its episode.");
    public static final ConfigOption<Duration> MEDIA_POST_ROLL = key("argus.media.clip.post-roll")
            .durationType().defaultValue(Duration.ofSeconds(2)).withDescription("A clip ends this long after its episode.");
    public static final ConfigOption<List<String>> MEDIA_ENCODERS = key("argus.media.clip.encoders")
            .stringType().asList().defaultValues("libx264", "libopenh264", "mpeg4")
            .withDescription("FFmpeg video encoders to try for clips, in order (the bundled FFmpeg has libopenh264 and mpeg4, not libx264).");
    public static final ConfigOption<Duration> MEDIA_BUFFER_AGE = key("argus.media.buffer.max-age")
            .durationType().defaultValue(Duration.ofMinutes(2))
            .withDescription("Per camera, frames are kept for clips and snapshots this long behind its newest frame: the longest clip.");
    public static final ConfigOption<MemorySize> MEDIA_BUFFER_BYTES = key("argus.media.buffer.max-bytes")
            .memoryType().defaultValue(MemorySize.parse("64mb")).withDescription("... and at most this much JPEG per camera (oldest frames go first).");
    public static final ConfigOption<MemorySize> MEDIA_BUFFER_BUDGET = key("argus.media.buffer.max-bytes-per-subtask")
            .memoryType().defaultValue(MemorySize.parse("64mb"))
            .withDescription("... and at most this much JPEG for all the cameras of one media subtask together: over it the earliest frames to arrive go"
                    + " first, whichever camera holds them (counted in mediaFramesGivenUp). The job refuses to start when the budgets of the subtasks"
                    + " that share a TaskManager exceed half its task heap.");
    public static final ConfigOption<Integer> MEDIA_THREADS = key("argus.media.write-threads")
            .intType().defaultValue(1).withDescription("Threads per media operator subtask that draw, encode and write snapshots and clips.");
    public static final ConfigOption<Integer> MEDIA_MAX_PENDING = key("argus.media.max-pending")
            .intType().defaultValue(16).withDescription("Media writes queued or running per subtask; beyond it open-episode snapshots are skipped (counted) and final ones wait.");
    public static final ConfigOption<Integer> MEDIA_RETRIES = key("argus.media.write-retries")
            .intType().defaultValue(3).withDescription("Retries (with backoff) of a failed snapshot or clip write before it is counted as failed; the job goes on.");
    public static final ConfigOption<Duration> MEDIA_RETENTION_AGE = key("argus.media.retention.max-age")
            .durationType().defaultValue(Duration.ofDays(7)).withDescription("Snapshots and clips older than this are deleted with their rows (0: no age limit).");
    public static final ConfigOption<MemorySize> MEDIA_RETENTION_BYTES = key("argus.media.retention.max-bytes-per-camera")
            .memoryType().defaultValue(MemorySize.parse("2gb")).withDescription("Beyond this total per camera the oldest snapshots and clips are deleted with their rows (0: no size limit).");
    public static final ConfigOption<Duration> MEDIA_RETENTION_EVERY = key("argus.media.retention.interval")
            .durationType().defaultValue(Duration.ofMinutes(10)).withDescription("How often the job applies media retention (processing time).");

    public static final ConfigOption<Integer> MAX_PAYLOAD = key("argus.frames.max-payload-bytes")
            .intType().defaultValue(8 * 1024 * 1024).withDescription("Larger frames are dead-lettered.");
    public static final ConfigOption<Duration> MAX_FUTURE_SKEW = key("argus.frames.max-future-skew")
            .durationType().defaultValue(Duration.ofMinutes(5)).withDescription("Capture times further ahead of the clock are dead-lettered.");
    public static final ConfigOption<List<String>> KNOWN_CAMERAS = key("argus.frames.known-cameras")
            .stringType().asList().defaultValues()
            .withDescription("When set (comma-separated), frames of other cameras are dead-lettered as unknown-camera.");
    public static final ConfigOption<Duration> MAX_DISORDER = key("argus.watermark.max-disorder")
            .durationType().defaultValue(Duration.ofSeconds(2)).withDescription("Each camera's own disorder tolerated: a frame captured this much before the camera's newest frame, or earlier, is late (dead-lettered with its bytes as late-frame).");
    public static final ConfigOption<Duration> IDLENESS = key("argus.watermark.idleness")
            .durationType().defaultValue(Duration.ofSeconds(10)).withDescription("A camera with no frame for this long (wall clock) is quiet: its event time then follows the wall clock, so its episodes close and its hours are written.");

    public static final ConfigOption<Duration> LIVE_WITHIN = key("argus.watermark.live-within")
            .durationType().defaultValue(Duration.ofMinutes(1)).withDescription("Only a live camera can be quiet: one whose newest frame reached the job within this of its capture time. A camera further behind is catching up (a backlog), and its silence means its frames still wait in Kafka.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("argus.checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("Checkpoint interval (Kafka offsets commit on checkpoints).");
    public static final ConfigOption<Integer> PARALLELISM = key("argus.parallelism")
            .intType().defaultValue(-1).withDescription("Job parallelism (-1: the cluster's default).");

    /** All options, in declaration order. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Field f : ArgusOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    out.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /**
     * Reads {@code --key value} / {@code --key=value} arguments (the {@code argus.} prefix may be left
     * out) and {@code --config FILE} files of {@code key: value} lines. Unknown keys are errors.
     */
    public static Configuration parse(String[] args) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "' (options look like --argus.kafka.bootstrap-servers HOST:PORT)");
            String k = a.substring(2), v;
            int eq = k.indexOf('=');
            if (eq > 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            } else {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + k + " needs a value");
                v = args[++i];
            }
            if (k.equals("config")) {
                m.putAll(readFile(Path.of(v)));
            } else {
                m.put(k.startsWith("argus.") ? k : "argus." + k, v);
            }
        }
        List<String> known = all().stream().map(ConfigOption::key).toList();
        for (String k : m.keySet()) {
            if (!known.contains(k)) throw new IllegalArgumentException("unknown option '" + k + "' (see --help for the list)");
        }
        return Configuration.fromMap(m);
    }

    private static Map<String, String> readFile(Path p) throws IOException {
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--config: no file at " + p.toAbsolutePath());
        Map<String, String> m = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(p)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int c = t.indexOf(':');
            if (c < 1) throw new IllegalArgumentException(p + ":" + n + ": expected 'key: value'");
            String k = t.substring(0, c).strip();
            String v = t.substring(c + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) v = v.substring(1, v.length() - 1);
            m.put(k.startsWith("argus.") ? k : "argus." + k, v);
        }
        return m;
    }

    public static String help() {
        StringBuilder b = new StringBuilder();
        b.append("Options (--key value; the 'argus.' prefix may be left out; --config FILE reads 'key: value' lines):\n");
        for (ConfigOption<?> o : all()) {
            b.append(String.format("  --%-38s %s%n      default: %s%n", o.key(), describe(o), defaultText(o)));
        }
        return b.toString();
    }

    /** The README's configuration table; a test keeps the README equal to it. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| option | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<?> o : all()) {
            b.append("| `").append(o.key()).append("` | `").append(defaultText(o)).append("` | ").append(describe(o)).append(" |\n");
        }
        return b.toString();
    }

    private static String describe(ConfigOption<?> o) {
        return new HtmlFormatter().format(o.description()).replace("&lt;", "<").replace("&gt;", ">");
    }

    static String defaultText(ConfigOption<?> o) {
        if (!o.hasDefaultValue()) return "(none)";
        Object v = o.defaultValue();
        if (v instanceof Duration d) return TimeUtils.formatWithHighestUnit(d);
        if (v instanceof List<?> l) return l.isEmpty() ? "(empty)" : String.join(",", l.stream().map(String::valueOf).toList());
        if ("".equals(v)) return "(empty)";
        return String.valueOf(v);
    }
}
