package io.argus.job;

import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.inference.BatchingInferenceFunction;
import io.argus.config.CameraSpec;
import io.argus.inference.InferenceOptions;
import io.argus.media.ClipRow;
import io.argus.media.EpisodeMediaFunction;
import io.argus.media.EpisodeMediaOperator;
import io.argus.media.MediaRetention;
import io.argus.media.SnapshotRow;
import io.argus.tracking.Action;
import io.argus.tracking.Episode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Argus dataflow. Sources and sinks are arguments, so tests can swap them; every operator has
 * a name and a stable uid, so savepoints survive code changes.
 *
 * <pre>
 * frames -> parse envelope -(bad)-> dead letters
 *        -> event time (bounded disorder, idleness)
 *        -> detect objects (async, micro-batched; one operator per model, fed its cameras' frames)
 *           -(skipped)-> dead letters
 *        -> keep each camera's labels -> ai_events
 *        -> keyBy camera+model: track, episodes, actions (event time) -> detections, episodes, actions, argus.events
 *           -> keyBy camera+model+label: hourly and daily rollups -> rollups_hourly, rollups_daily
 *                                                                   -(late)-> dead letters
 *           -> keyBy camera, with the camera's frames: snapshots and clips -> media store, snapshots, clips
 * </pre>
 */
public final class ArgusPipeline {
    private ArgusPipeline() {}

    /** Where the job writes: swap any of them in tests. */
    public record Sinks(Sink<InferenceResult> aiEvents, Sink<DetectionRow> detections, Sink<Episode> episodes, Sink<Action> actions,
            Sink<RollupRow> hourly, Sink<RollupRow> daily, Sink<HealthRow> health, Sink<SceneEvent> events, Sink<DeadLetter> deadLetters,
            Sink<SnapshotRow> snapshots, Sink<ClipRow> clips) {}

    public static void build(StreamExecutionEnvironment env, ArgusJobConfig cfg, Source<RawFrame, ?, ?> frames, Sinks sinks) {

        // No watermarks at the source: a record's timestamp is not trusted until its envelope is valid,
        // so an absurd capture time is dead-lettered instead of racing event time ahead.
        SingleOutputStreamOperator<Frame> parsed = env
                .fromSource(frames, WatermarkStrategy.noWatermarks(), "frames")
                .uid("frames-source")
                .process(new EnvelopeParseFunction(cfg.envelopeRules()))
                .uid("parse-envelope").name("parse envelope");

        SingleOutputStreamOperator<Frame> timed = parsed
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Frame>forBoundedOutOfOrderness(cfg.maxDisorder())
                        .withTimestampAssigner((f, ts) -> f.captureTs)
                        .withIdleness(cfg.idleness()))
                .uid("event-time").name("event time");
        // A camera's frame ids must not go backwards (they are part of every row's key).
        SingleOutputStreamOperator<Frame> sequenced = timed
                .keyBy(f -> f.cameraId)
                .process(new FrameSequenceGuard())
                .uid("frame-sequence").name("check frame id order");

        DataStream<InferenceResult> inferred;
        if (cfg.cameras() == null) {
            inferred = detect(sequenced, cfg, cfg.inference(), "detect-objects");
        } else {
            // One inference operator per model, fed only the frames of the cameras that run it.
            inferred = null;
            for (InferenceOptions model : cfg.models()) {
                Set<String> cams = cfg.cameras().camerasRunning(model.modelName());
                if (cams.isEmpty()) continue;
                DataStream<Frame> routed = sequenced.filter(new CameraFilter(cams))
                        .uid("route-to-" + model.modelName()).name("cameras of " + model.modelName());
                DataStream<InferenceResult> r = detect(routed, cfg, model, "detect-objects-" + model.modelName());
                inferred = inferred == null ? r : inferred.union(r);
            }
            if (inferred == null) throw new IllegalArgumentException("argus.cameras.config: no camera runs any model");
        }

        SingleOutputStreamOperator<InferenceResult> detected = inferred
                .process(new InferenceFailureRouter())
                .uid("route-inference-failures").name("route inference failures");
        Map<String, Set<String>> allow = cfg.cameras() == null ? Map.of() : cfg.cameras().labelAllowLists();
        DataStream<InferenceResult> kept = allow.isEmpty() ? detected
                : detected.map(new CameraLabelFilter(allow)).uid("camera-label-filter").name("keep each camera's labels");

        kept.sinkTo(sinks.aiEvents()).uid("ai-events-sink").name("ai_events sink");

        SingleOutputStreamOperator<Episode> episodes = events(kept, cfg, sinks);

        if (cfg.media().enabled()) media(sequenced, episodes, cfg, sinks);

        DataStream<DeadLetter> parseDeadLetters = parsed.getSideOutput(EnvelopeParseFunction.DEAD_LETTERS)
                .union(sequenced.getSideOutput(FrameSequenceGuard.DEAD_LETTERS));
        parseDeadLetters
                .union(detected.getSideOutput(InferenceFailureRouter.DEAD_LETTERS))
                .union(episodes.getSideOutput(SceneFunction.LATE))
                .sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letter sink");

        // Pipeline health per camera and hour: every inference outcome (skips included) and every
        // frame the envelope rules rejected.
        inferred.map(HealthEvent::of).uid("health-inference").name("inference outcomes")
                .union(parseDeadLetters.map(HealthEvent::of).uid("health-dead-letters").name("rejected frames"))
                .keyBy(e -> e.cameraId).process(new HealthFunction()).uid("pipeline-health").name("pipeline health")
                .sinkTo(sinks.health()).uid("pipeline-health-sink").name("pipeline_health_hourly sink");
    }

    /**
     * From detections on: tracking, episodes, actions, detection rows, rollups and scene events, with
     * their sinks. Public so the event-path benchmark can feed it synthetic detections.
     * @return the episodes (their side outputs: actions, detection rows, late frames)
     */
    public static SingleOutputStreamOperator<Episode> events(DataStream<InferenceResult> kept, ArgusJobConfig cfg, Sinks sinks) {
        // Tracking, episodes and actions per camera and model, in capture order (see SceneFunction).
        Map<String, CameraSpec> cams = new HashMap<>();
        if (cfg.cameras() != null) for (CameraSpec c : cfg.cameras().cameras()) cams.put(c.id(), c);
        SingleOutputStreamOperator<Episode> episodes = kept
                .keyBy(SceneFunction::key)
                .transform("track, episodes, actions", TypeInformation.of(Episode.class), new SceneOperator(new SceneFunction(cams, cfg.scene())))
                .uid("track-episodes-actions");
        DataStream<Action> actions = episodes.getSideOutput(SceneFunction.ACTIONS);
        episodes.sinkTo(sinks.episodes()).uid("episodes-sink").name("episodes sink");
        DataStream<DetectionRow> detectionRows = episodes.getSideOutput(SceneFunction.DETECTIONS);
        detectionRows.sinkTo(sinks.detections()).uid("detections-sink").name("detections sink");

        // Hourly and daily rollups per camera, model and label (event time).
        SingleOutputStreamOperator<RollupRow> rollups = detectionRows.map(RollupInput::of).uid("rollup-objects").name("objects for rollups")
                .union(episodes.map(RollupInput::of).uid("rollup-episodes").name("episodes for rollups"))
                .keyBy(RollupInput::key)
                .process(new RollupFunction(cfg.rollupZone(), cfg.scene().tracker().maxLostMs(),
                        cfg.scene().minDurationMs() + cfg.maxDisorder().toMillis() + 60_000))
                .uid("rollups").name("hourly and daily rollups");
        rollups.filter(r -> r.granularity.equals("hourly")).uid("hourly-rollups").name("hourly")
                .sinkTo(sinks.hourly()).uid("rollups-hourly-sink").name("rollups_hourly sink");
        rollups.filter(r -> r.granularity.equals("daily")).uid("daily-rollups").name("daily")
                .sinkTo(sinks.daily()).uid("rollups-daily-sink").name("rollups_daily sink");
        actions.sinkTo(sinks.actions()).uid("actions-sink").name("actions sink");
        episodes.map(SceneEvent::of).uid("episode-events").name("episode events")
                .union(actions.map(SceneEvent::of).uid("action-events").name("action events"))
                .sinkTo(sinks.events()).uid("events-sink").name("events sink");
        return episodes;
    }

    /**
     * Snapshots and clips: each camera's valid frames meet its episodes in one keyed operator that
     * buffers frames outside Flink state (see {@link EpisodeMediaFunction}).
     */
    private static void media(DataStream<Frame> frames, DataStream<Episode> episodes, ArgusJobConfig cfg, Sinks sinks) {
        var j = cfg.jdbc();
        SingleOutputStreamOperator<SnapshotRow> snapshots = frames.keyBy(EpisodeMediaFunction::key)
                .connect(episodes.keyBy(EpisodeMediaFunction::key))
                .transform("episode snapshots and clips", TypeInformation.of(SnapshotRow.class), new EpisodeMediaOperator(
                        new EpisodeMediaFunction(cfg.media(), new MediaRetention.Database(j.url(), j.user(), j.password()))))
                .uid("episode-media");
        snapshots.sinkTo(sinks.snapshots()).uid("snapshots-sink").name("snapshots sink");
        snapshots.getSideOutput(EpisodeMediaFunction.CLIPS).sinkTo(sinks.clips()).uid("clips-sink").name("clips sink");
    }

    /** Unordered async inference: results leave as soon as they are ready; watermarks still bound the disorder. */
    private static DataStream<InferenceResult> detect(DataStream<Frame> frames, ArgusJobConfig cfg, InferenceOptions model, String uid) {
        SingleOutputStreamOperator<InferenceResult> op = AsyncDataStream.unorderedWait(
                        frames, new BatchingInferenceFunction(model),
                        cfg.inferenceTimeout().toMillis(), TimeUnit.MILLISECONDS, cfg.inferenceCapacity())
                .uid(uid).name("detect objects (" + model.modelName() + ")");
        if (cfg.inferenceParallelism() > 0) op.setParallelism(cfg.inferenceParallelism());
        return op;
    }

    /** Lets through the frames of a set of cameras. */
    static final class CameraFilter implements FilterFunction<Frame> {
        private final Set<String> cameras;

        CameraFilter(Set<String> cameras) {
            this.cameras = Set.copyOf(cameras);
        }

        @Override
        public boolean filter(Frame f) {
            return cameras.contains(f.cameraId);
        }
    }
}
