package io.argus.job;

import io.argus.cli.KafkaSecurity;
import static io.argus.job.ArgusOptions.*;

import io.argus.config.CamerasFile;
import io.argus.config.ModelSpec;
import io.argus.envelope.EnvelopeRules;
import io.argus.inference.InferenceOptions;
import io.argus.media.ClipEncoder;
import io.argus.media.MediaOptions;
import io.argus.sinks.JdbcSettings;
import io.argus.storage.StorageOptions;
import io.argus.tracking.CameraScene;
import io.argus.tracking.Tracker;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The job's settings, read from {@link ArgusOptions} and validated once, with messages that name
 * the option at fault.
 */
public record ArgusJobConfig(
        String bootstrapServers,
        KafkaSecurity kafkaSecurity,
        String framesTopic,
        String dlqTopic,
        String eventsTopic,
        String controlTopic,
        String groupId,
        String startingOffsets,
        boolean bounded,
        JdbcSettings jdbc,
        boolean migrateOnStart,
        InferenceOptions inference,
        Duration inferenceTimeout,
        int inferenceCapacity,
        int inferenceParallelism,
        EnvelopeRules envelopeRules,
        Duration maxDisorder,
        Duration idleness,
        Duration liveWithin,
        Duration checkpointInterval,
        int parallelism,
        CamerasFile cameras,
        CameraScene.Options scene,
        ZoneId rollupZone,
        StorageOptions storage,
        MediaOptions media)
        implements Serializable {

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrapServers = bootstrapServers;
        b.kafkaSecurity = kafkaSecurity;
        b.framesTopic = framesTopic;
        b.dlqTopic = dlqTopic;
        b.eventsTopic = eventsTopic;
        b.controlTopic = controlTopic;
        b.groupId = groupId;
        b.startingOffsets = startingOffsets;
        b.bounded = bounded;
        b.jdbc = jdbc;
        b.migrateOnStart = migrateOnStart;
        b.inference = inference;
        b.inferenceTimeout = inferenceTimeout;
        b.inferenceCapacity = inferenceCapacity;
        b.inferenceParallelism = inferenceParallelism;
        b.envelopeRules = envelopeRules;
        b.maxDisorder = maxDisorder;
        b.idleness = idleness;
        b.liveWithin = liveWithin;
        b.checkpointInterval = checkpointInterval;
        b.parallelism = parallelism;
        b.cameras = cameras;
        b.scene = scene;
        b.rollupZone = rollupZone;
        b.storage = storage;
        b.media = media;
        return b;
    }

    /** Named fields, so no call lists two dozen values in order. */
    public static final class Builder {
        private String bootstrapServers = null;
        private KafkaSecurity kafkaSecurity = KafkaSecurity.NONE;
        private String framesTopic = null;
        private String dlqTopic = null;
        private String eventsTopic = null;
        private String controlTopic = "";
        private String groupId = null;
        private String startingOffsets = null;
        private boolean bounded = false;
        private JdbcSettings jdbc = null;
        private boolean migrateOnStart = false;
        private InferenceOptions inference = null;
        private Duration inferenceTimeout = null;
        private int inferenceCapacity = 0;
        private int inferenceParallelism = 0;
        private EnvelopeRules envelopeRules = null;
        private Duration maxDisorder = null;
        private Duration idleness = null;
        private Duration liveWithin = null;
        private Duration checkpointInterval = null;
        private int parallelism = 0;
        private CamerasFile cameras = null;
        private CameraScene.Options scene = null;
        private ZoneId rollupZone = null;
        private StorageOptions storage = null;
        private MediaOptions media = null;

        private Builder() {}

        public Builder bootstrapServers(String v) {
            bootstrapServers = v;
            return this;
        }

        public Builder framesTopic(String v) {
            framesTopic = v;
            return this;
        }

        public Builder kafkaSecurity(KafkaSecurity v) {
            kafkaSecurity = v;
            return this;
        }

        public Builder dlqTopic(String v) {
            dlqTopic = v;
            return this;
        }

        public Builder eventsTopic(String v) {
            eventsTopic = v;
            return this;
        }

        /** Empty: no model control. */
        public Builder controlTopic(String v) {
            controlTopic = v;
            return this;
        }

        public Builder groupId(String v) {
            groupId = v;
            return this;
        }

        public Builder startingOffsets(String v) {
            startingOffsets = v;
            return this;
        }

        public Builder bounded(boolean v) {
            bounded = v;
            return this;
        }

        public Builder jdbc(JdbcSettings v) {
            jdbc = v;
            return this;
        }

        public Builder migrateOnStart(boolean v) {
            migrateOnStart = v;
            return this;
        }

        public Builder inference(InferenceOptions v) {
            inference = v;
            return this;
        }

        public Builder inferenceTimeout(Duration v) {
            inferenceTimeout = v;
            return this;
        }

        public Builder inferenceCapacity(int v) {
            inferenceCapacity = v;
            return this;
        }

        public Builder inferenceParallelism(int v) {
            inferenceParallelism = v;
            return this;
        }

        public Builder envelopeRules(EnvelopeRules v) {
            envelopeRules = v;
            return this;
        }

        public Builder maxDisorder(Duration v) {
            maxDisorder = v;
            return this;
        }

        public Builder idleness(Duration v) {
            idleness = v;
            return this;
        }

        public Builder liveWithin(Duration v) {
            liveWithin = v;
            return this;
        }

        public Builder checkpointInterval(Duration v) {
            checkpointInterval = v;
            return this;
        }

        public Builder parallelism(int v) {
            parallelism = v;
            return this;
        }

        public Builder cameras(CamerasFile v) {
            cameras = v;
            return this;
        }

        public Builder scene(CameraScene.Options v) {
            scene = v;
            return this;
        }

        public Builder rollupZone(ZoneId v) {
            rollupZone = v;
            return this;
        }

        public Builder storage(StorageOptions v) {
            storage = v;
            return this;
        }

        public Builder media(MediaOptions v) {
            media = v;
            return this;
        }

        public ArgusJobConfig build() {
            return new ArgusJobConfig(bootstrapServers, kafkaSecurity, framesTopic, dlqTopic, eventsTopic, controlTopic, groupId, startingOffsets, bounded, jdbc, migrateOnStart, inference, inferenceTimeout, inferenceCapacity, inferenceParallelism, envelopeRules, maxDisorder, idleness, liveWithin, checkpointInterval, parallelism, cameras, scene, rollupZone, storage, media);
        }
    }

    public static ArgusJobConfig from(Configuration c) {
        String offsets = c.get(STARTING_OFFSETS);
        require(offsets.matches("committed|earliest|latest|timestamp:\\d+"), STARTING_OFFSETS.key(),
                "must be committed, earliest, latest or timestamp:<epoch ms>, got '" + offsets + "'");
        require(!c.get(KAFKA_BOOTSTRAP).isBlank(), KAFKA_BOOTSTRAP.key(), "must be set");
        require(!c.get(FRAMES_TOPIC).equals(c.get(DLQ_TOPIC)), DLQ_TOPIC.key(), "must differ from " + FRAMES_TOPIC.key());
        require(!c.get(CONTROL_TOPIC).strip().equals(c.get(FRAMES_TOPIC)) && !c.get(CONTROL_TOPIC).strip().equals(c.get(EVENTS_TOPIC)),
                CONTROL_TOPIC.key(), "must differ from the frames and events topics");
        String url = c.get(JDBC_URL);
        require(url.startsWith("jdbc:postgresql:"), JDBC_URL.key(), "must be a jdbc:postgresql: URL");
        String password = c.get(JDBC_PASSWORD);
        if (c.getOptional(JDBC_PASSWORD_FILE).isPresent()) {
            Path f = Path.of(c.get(JDBC_PASSWORD_FILE));
            try {
                password = Files.readAllLines(f).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(JDBC_PASSWORD_FILE.key() + ": cannot read " + f.toAbsolutePath() + ": " + e.getMessage());
            }
        }
        require(c.get(JDBC_BATCH_SIZE) > 0, JDBC_BATCH_SIZE.key(), "must be > 0");
        require(c.get(JDBC_MAX_RETRIES) >= 0, JDBC_MAX_RETRIES.key(), "must be >= 0");
        require(c.get(CAPACITY) > 0, CAPACITY.key(), "must be > 0");
        require(!c.get(INFERENCE_TIMEOUT).isNegative() && !c.get(INFERENCE_TIMEOUT).isZero(), INFERENCE_TIMEOUT.key(), "must be > 0");
        require(c.get(CHECKPOINT_INTERVAL).toMillis() >= 100, CHECKPOINT_INTERVAL.key(), "must be at least 100 ms");
        require(c.get(MAX_PAYLOAD) > 0, MAX_PAYLOAD.key(), "must be > 0");
        require(c.get(IDLENESS).toMillis() >= 100, IDLENESS.key(), "must be at least 100 ms");
        require(!c.get(MAX_DISORDER).isNegative(), MAX_DISORDER.key(), "must be >= 0");
        CamerasFile cameras = c.getOptional(CAMERAS_CONFIG).map(f -> CamerasFile.load(Path.of(f))).orElse(null);
        EnvelopeRules d = EnvelopeRules.defaults();
        InferenceOptions inf = InferenceOptions.builder(c.get(MODEL_PATH)).modelName(c.get(MODEL_NAME)).layout(c.get(MODEL_LAYOUT))
                .provider(c.get(PROVIDER)).deviceId(c.get(DEVICE_ID)).intraOpThreads(c.get(INTRA_THREADS)).interOpThreads(c.get(INTER_THREADS))
                .optimizationLevel(c.get(OPT_LEVEL)).confidenceThreshold(c.get(CONFIDENCE).floatValue()).iouThreshold(c.get(IOU).floatValue())
                .batchSize(c.get(BATCH_SIZE)).batchMaxWaitMs(c.get(BATCH_MAX_WAIT).toMillis()).inputSizeIfDynamic(c.get(MODEL_INPUT_SIZE))
                .preprocessThreads(c.get(PREPROCESS_THREADS)).decoder(c.get(DECODER)).modelCalls(c.get(MODEL_CALLS)).build();
        require(c.get(TRACK_LOW) < c.get(TRACK_HIGH), TRACK_LOW.key(), "must be below " + TRACK_HIGH.key());
        require(c.get(TRACK_CONFIRM) >= 1, TRACK_CONFIRM.key(), "must be >= 1");
        require(c.get(ZONE_INERTIA) >= 1, ZONE_INERTIA.key(), "must be >= 1");
        require(c.get(LINE_INERTIA) >= 1, LINE_INERTIA.key(), "must be >= 1");
        require(c.get(TRACK_REID_DISTANCE) >= 0, TRACK_REID_DISTANCE.key(), "must be >= 0");
        require(c.get(TRACK_REID_SIZE) >= 1, TRACK_REID_SIZE.key(), "must be >= 1");
        require(c.get(TRACK_MIN_APPEARANCE) >= 0 && c.get(TRACK_MIN_APPEARANCE) <= 1, TRACK_MIN_APPEARANCE.key(), "must be within 0..1");
        require(c.get(EPISODE_GAP).toMillis() > c.get(TRACK_MAX_LOST).toMillis(), EPISODE_GAP.key(),
                "must be longer than " + TRACK_MAX_LOST.key() + " (an episode outlives its lost track)");
        StorageOptions storage = storage(c);
        ZoneId zone = storage.rollupZone();
        Tracker.Options tracker = Tracker.Options.builder()
                .highThreshold(c.get(TRACK_HIGH).floatValue()).lowThreshold(c.get(TRACK_LOW).floatValue())
                .matchIou(c.get(TRACK_IOU).floatValue()).confirmHits(c.get(TRACK_CONFIRM)).maxLostMs(c.get(TRACK_MAX_LOST).toMillis())
                .reidDistance(c.get(TRACK_REID_DISTANCE).floatValue()).reidSizeRatio(c.get(TRACK_REID_SIZE).floatValue())
                .minAppearance(c.get(TRACK_MIN_APPEARANCE).floatValue())
                .build();
        CameraScene.Options scene = CameraScene.Options.builder()
                .gapMs(c.get(EPISODE_GAP).toMillis()).minDurationMs(c.get(EPISODE_MIN_DURATION).toMillis())
                .upsertEveryMs(c.get(EPISODE_UPSERT_EVERY).toMillis())
                .stationaryTolerance(c.get(STATIONARY_TOLERANCE)).stationaryMs(c.get(STATIONARY_AFTER).toMillis())
                .zoneInertia(c.get(ZONE_INERTIA)).lineInertia(c.get(LINE_INERTIA)).loiterMs(c.get(LOITERING_AFTER).toMillis())
                .crowdingCount(c.get(CROWDING_COUNT)).crowdingMs(c.get(CROWDING_AFTER).toMillis())
                .tracker(tracker)
                .build();
        return builder()
                .bootstrapServers(c.get(KAFKA_BOOTSTRAP))
                .kafkaSecurity(KafkaSecurity.load(c.getOptional(KAFKA_PROPERTIES_FILE).orElse(null), KAFKA_PROPERTIES_FILE.key())).framesTopic(c.get(FRAMES_TOPIC)).dlqTopic(c.get(DLQ_TOPIC))
                .eventsTopic(c.get(EVENTS_TOPIC)).controlTopic(c.get(CONTROL_TOPIC).strip()).groupId(c.get(GROUP_ID)).startingOffsets(offsets).bounded(c.get(BOUNDED))
                .jdbc(new JdbcSettings(url, c.get(JDBC_USER), password, c.get(JDBC_BATCH_SIZE), c.get(JDBC_BATCH_INTERVAL).toMillis(),
                        c.get(JDBC_MAX_RETRIES)))
                .migrateOnStart(c.get(MIGRATE_ON_START)).inference(inf).inferenceTimeout(c.get(INFERENCE_TIMEOUT))
                .inferenceCapacity(c.get(CAPACITY)).inferenceParallelism(c.get(INFERENCE_PARALLELISM))
                .envelopeRules(new EnvelopeRules(c.get(MAX_PAYLOAD), c.get(MAX_FUTURE_SKEW), d.earliestCaptureTs(), d.maxDimension(),
                        cameras != null ? cameras.cameraIds() : new HashSet<>(c.get(KNOWN_CAMERAS))))
                .maxDisorder(c.get(MAX_DISORDER)).idleness(c.get(IDLENESS)).liveWithin(c.get(LIVE_WITHIN))
                .checkpointInterval(c.get(CHECKPOINT_INTERVAL)).parallelism(c.get(PARALLELISM)).cameras(cameras).scene(scene)
                .rollupZone(zone).storage(storage).media(media(c))
                .build();
    }

    private static MediaOptions media(Configuration c) {
        require(!c.get(MEDIA_DIR).isBlank(), MEDIA_DIR.key(), "must be set");
        require(!c.get(MEDIA_PRE_ROLL).isNegative(), MEDIA_PRE_ROLL.key(), "must be >= 0");
        require(!c.get(MEDIA_POST_ROLL).isNegative(), MEDIA_POST_ROLL.key(), "must be >= 0");
        require(!c.get(MEDIA_SNAPSHOT_EVERY).isNegative(), MEDIA_SNAPSHOT_EVERY.key(), "must be >= 0");
        // The buffer must still hold the pre-roll when an episode opens: the debounce and the event-time delay later.
        long needed = c.get(MEDIA_PRE_ROLL).toMillis() + c.get(EPISODE_MIN_DURATION).toMillis() + c.get(MAX_DISORDER).toMillis();
        require(c.get(MEDIA_BUFFER_AGE).toMillis() > needed, MEDIA_BUFFER_AGE.key(),
                "must be longer than " + MEDIA_PRE_ROLL.key() + " + " + EPISODE_MIN_DURATION.key() + " + " + MAX_DISORDER.key() + " (" + needed + " ms)");
        require(c.get(MEDIA_BUFFER_BYTES).getBytes() >= 1024 * 1024, MEDIA_BUFFER_BYTES.key(), "must be at least 1 mb");
        require(c.get(MEDIA_BUFFER_BUDGET).getBytes() >= 1024 * 1024, MEDIA_BUFFER_BUDGET.key(), "must be at least 1 mb");
        require(c.get(MEDIA_THREADS) >= 1, MEDIA_THREADS.key(), "must be >= 1");
        require(c.get(MEDIA_MAX_PENDING) >= 1, MEDIA_MAX_PENDING.key(), "must be >= 1");
        require(c.get(MEDIA_RETRIES) >= 0, MEDIA_RETRIES.key(), "must be >= 0");
        require(!c.get(MEDIA_RETENTION_AGE).isNegative(), MEDIA_RETENTION_AGE.key(), "must be >= 0");
        require(c.get(MEDIA_RETENTION_EVERY).toMillis() >= 1000, MEDIA_RETENTION_EVERY.key(), "must be at least 1 s");
        require(!c.get(MEDIA_ENCODERS).isEmpty(), MEDIA_ENCODERS.key(), "must name at least one encoder");
        if (c.get(MEDIA_ENABLED)) {
            try {
                ClipEncoder.pickEncoder(c.get(MEDIA_ENCODERS));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(MEDIA_ENCODERS.key() + ": " + e.getMessage());
            }
        }
        return MediaOptions.builder()
                .enabled(c.get(MEDIA_ENABLED)).dir(c.get(MEDIA_DIR)).snapshotMinIntervalMs(c.get(MEDIA_SNAPSHOT_EVERY).toMillis())
                .preRollMs(c.get(MEDIA_PRE_ROLL).toMillis()).postRollMs(c.get(MEDIA_POST_ROLL).toMillis()).encoders(c.get(MEDIA_ENCODERS))
                .bufferMaxAgeMs(c.get(MEDIA_BUFFER_AGE).toMillis()).bufferMaxBytes(c.get(MEDIA_BUFFER_BYTES).getBytes())
                .bufferBudgetBytes(c.get(MEDIA_BUFFER_BUDGET).getBytes())
                .writeThreads(c.get(MEDIA_THREADS)).maxPending(c.get(MEDIA_MAX_PENDING)).writeRetries(c.get(MEDIA_RETRIES))
                .retentionMaxAgeMs(c.get(MEDIA_RETENTION_AGE).toMillis()).retentionMaxBytesPerCamera(c.get(MEDIA_RETENTION_BYTES).getBytes())
                .retentionIntervalMs(c.get(MEDIA_RETENTION_EVERY).toMillis())
                .build();
    }

    /**
     * The models this job runs: the one of {@code argus.model.*}, or each model of the cameras file
     * with the {@code argus.inference.*} settings.
     */
    public List<InferenceOptions> models() {
        if (cameras == null) return List.of(inference);
        List<InferenceOptions> out = new ArrayList<>();
        for (ModelSpec m : cameras.models().values()) {
            InferenceOptions i = inference;
            out.add(i.toBuilder().modelPath(m.path()).modelName(m.name()).layout(m.layout() != null ? m.layout() : i.layout())
                    .confidenceThreshold(m.confidenceThreshold() != null ? m.confidenceThreshold().floatValue() : i.confidenceThreshold()).build());
        }
        return out;
    }

    /** The storage options of a configuration (the job's, or ./argus migrate's and maintain's). */
    public static StorageOptions storage(Configuration c) {
        ZoneId zone;
        try {
            zone = ZoneId.of(c.get(ROLLUP_ZONE));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(ROLLUP_ZONE.key() + ": unknown time zone '" + c.get(ROLLUP_ZONE) + "' (e.g. UTC, Europe/Paris)");
        }
        return StorageOptions.builder().rawRetention(c.get(RAW_RETENTION)).compressAfter(c.get(COMPRESS_AFTER))
                .hourlyRetention(c.get(HOURLY_RETENTION)).rollupZone(zone).weekStart(c.get(WEEK_START))
                .timescaledb(c.get(TIMESCALEDB)).build();
    }

    private static void require(boolean ok, String option, String message) {
        if (!ok) throw new IllegalArgumentException(option + ": " + message);
    }
}
