package io.argus.job;

import io.argus.config.CameraSpec;
import io.argus.frame.DeadLetter;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.frame.RawFrame;
import io.argus.inference.InferenceOptions;
import io.argus.media.ClipRow;
import io.argus.media.SnapshotRow;
import io.argus.tracking.Action;
import io.argus.tracking.Episode;
import io.argus.udf.envelope.ActivityTimeWatermarks;
import io.argus.udf.envelope.CameraClockFunction;
import io.argus.udf.envelope.EnvelopeParseFunction;
import io.argus.udf.health.HealthEvent;
import io.argus.udf.health.HealthFunction;
import io.argus.udf.health.HealthRow;
import io.argus.udf.inference.BatchingInferenceFunction;
import io.argus.udf.inference.CameraLabelFilter;
import io.argus.udf.inference.InferenceFailureRouter;
import io.argus.udf.models.AcceptedCommand;
import io.argus.udf.models.ControlRecord;
import io.argus.udf.models.ControlWatermarks;
import io.argus.udf.models.ModelControlFunction;
import io.argus.udf.models.ModelRouter;
import io.argus.udf.models.ShadowComparisonFunction;
import io.argus.models.ModelDefinition;
import io.argus.models.StartingModels;
import io.argus.udf.media.EpisodeMediaFunction;
import io.argus.udf.media.EpisodeMediaOperator;
import io.argus.udf.media.MediaRetention;
import io.argus.udf.rollups.RollupFunction;
import io.argus.udf.rollups.RollupInput;
import io.argus.udf.rollups.RollupRow;
import io.argus.udf.scene.DetectionRow;
import io.argus.udf.scene.SceneEvent;
import io.argus.udf.scene.SceneFunction;
import io.argus.udf.scene.SceneOperator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;

/**
 * The Argus dataflow. Sources and sinks are arguments, so tests can swap them; every operator has
 * a name and a stable uid, so savepoints survive code changes.
 *
 * <pre>
 * frames -> parse envelope -(bad)-> dead letters
 *        -> keyBy camera: its own event time (frame order, re-sends, late frames, quiet ticks) -(bad)-> dead letters
 *        -> keyBy camera, with the model book (broadcast): one copy per active and shadow model of the camera
 *           (control commands -> model control, parallelism 1: load check, models rows, model events -> broadcast)
 *        -> detect objects (async, ordered, micro-batched; each copy on its model, loaded on first use)
 *           -(skipped)-> dead letters
 *        -> keep each camera's labels -> ai_events (active and shadow)
 *        -> shadows: keyBy camera, compared with the active model per frame and label -> model_comparisons
 *        -> active models: keyBy camera+model: track, episodes, actions (event time) -> detections, episodes, actions, argus.events
 *           -> keyBy camera+model: hourly and daily rollups per label -> rollups_hourly, rollups_daily
 *           -> keyBy camera, with the camera's frames: snapshots and clips -> media store, snapshots, clips
 * </pre>
 */
public final class ArgusPipeline {
    private ArgusPipeline() {}

    /** No control topic: a source that ends at once, so the job runs on its starting models. */
    private static final Source<ControlRecord, ?, ?> NO_CONTROL = new org.apache.flink.connector.datagen.source.DataGeneratorSource<>(
            i -> new ControlRecord(), 0, TypeInformation.of(ControlRecord.class));

    /**
     * Makes the detection function, given the job's inference settings and its first starting model (the
     * one to load before the first frame): ONNX Runtime in production; tests may bring their own. Each
     * frame names its model ({@link Frame#model}).
     */
    public interface Detectors extends java.io.Serializable {
        AsyncFunction<Frame, InferenceResult> create(InferenceOptions settings, ModelDefinition firstModel);
    }

    public static void build(StreamExecutionEnvironment env, ArgusJobConfig cfg, Source<RawFrame, ?, ?> frames, Source<ControlRecord, ?, ?> control,
            Sinks sinks) {
        // A model call that has not returned after 10x the frame timeout is hung: the task fails and restarts.
        long hardLimitMs = 10 * cfg.inferenceTimeout().toMillis();
        build(env, cfg, frames, control, sinks, (settings, first) -> new BatchingInferenceFunction(settings, hardLimitMs, first));
    }

    /**
     * The dataflow with another way of detecting objects (e.g. synthetic detections in the soak test).
     * @param control the model control commands; null: the starting models only
     */
    public static void build(StreamExecutionEnvironment env, ArgusJobConfig cfg, Source<RawFrame, ?, ?> frames, Source<ControlRecord, ?, ?> control,
            Sinks sinks, Detectors detectors) {

        // No event-time watermarks: each camera keeps its own event time (CameraClockFunction), so no
        // camera's frames are late because another camera or partition is ahead, and an absurd capture
        // time, dead-lettered by the envelope rules, never moves anyone's time. The watermarks carry the
        // source's activity time instead (for quiet cameras), and at the end of input Long.MAX_VALUE,
        // which closes everything in a bounded run or a drain.
        SingleOutputStreamOperator<Frame> parsed = env
                .fromSource(frames, new ActivityTimeWatermarks<>(), "frames")
                .uid("frames-source")
                .process(new EnvelopeParseFunction(cfg.envelopeRules()))
                .uid("parse-envelope").name("parse envelope");

        // Each camera's clock: frame order, re-sends, late frames, quiet-camera ticks.
        SingleOutputStreamOperator<Frame> sequenced = parsed
                .keyBy(Frame::cameraId)
                .process(new CameraClockFunction(cfg.maxDisorder().toMillis(), cfg.idleness().toMillis(), cfg.liveWithin().toMillis()))
                .uid("frame-sequence").name("camera clock");

        // Each camera's frames to its models (active and shadow), as the model book stands: the starting
        // models with the control topic's commands applied.
        StartingModels starting = StartingModelsOf.resolve(cfg);
        SingleOutputStreamOperator<AcceptedCommand> accepted = env
                .fromSource(control != null ? control : NO_CONTROL, ControlWatermarks.INSTANCE, "model control commands")
                .uid("model-control-source").setParallelism(1)
                .keyBy(r -> 0)
                .process(new ModelControlFunction(starting, cfg.inference(), ModelControlFunction.ONNX))
                .uid("model-control").name("model control").setParallelism(1).setMaxParallelism(1);
        accepted.getSideOutput(ModelControlFunction.ROWS).sinkTo(sinks.models()).uid("models-sink").name("models sink").setParallelism(1);
        accepted.getSideOutput(ModelControlFunction.EVENTS).sinkTo(sinks.events()).uid("model-events-sink").name("model events sink").setParallelism(1);
        DataStream<Frame> routed = sequenced.keyBy(Frame::cameraId)
                .connect(accepted.broadcast(ModelRouter.COMMANDS))
                .process(new ModelRouter(starting))
                .uid("route-to-models").name("route frames to models");

        DataStream<InferenceResult> inferred = detect(routed, cfg, starting.models().get(0), "detect-objects", detectors);

        SingleOutputStreamOperator<InferenceResult> detected = inferred
                .process(new InferenceFailureRouter())
                .uid("route-inference-failures").name("route inference failures");
        DataStream<InferenceResult> kept = detected.map(new CameraLabelFilter()).uid("camera-label-filter").name("keep each camera's labels");

        kept.filter(r -> !r.tick).uid("frames-only").name("frames (not ticks)")
                .sinkTo(sinks.aiEvents()).uid("ai-events-sink").name("ai_events sink");

        // Shadow models make rows and comparisons, nothing else.
        SingleOutputStreamOperator<Episode> episodes = events(kept.filter(r -> !r.shadow()).uid("active-models-only").name("active models"), cfg, sinks);
        inferred.filter(ShadowComparisonFunction::compared).uid("shadowed-frames").name("shadowed frames")
                .keyBy(ArgusPipeline::cameraOf).process(new ShadowComparisonFunction()).uid("compare-shadow-models").name("compare shadow models")
                .sinkTo(sinks.modelComparisons()).uid("model-comparisons-sink").name("model_comparisons sink");

        if (cfg.media().enabled()) media(sequenced, episodes, cfg, sinks);

        DataStream<DeadLetter> parseDeadLetters = parsed.getSideOutput(EnvelopeParseFunction.DEAD_LETTERS)
                .union(sequenced.getSideOutput(CameraClockFunction.DEAD_LETTERS));
        parseDeadLetters
                .union(detected.getSideOutput(InferenceFailureRouter.DEAD_LETTERS))
                .union(episodes.getSideOutput(SceneFunction.LATE))
                .sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letter sink");

        // Pipeline health per camera and hour: every inference outcome (skips included) and every
        // frame the envelope rules rejected.
        inferred.filter(r -> !r.shadow() && (r.model == null || !r.model.last())).uid("health-active-models").name("active model outcomes")
                .map(HealthEvent::of).uid("health-inference").name("inference outcomes")
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

        // Hourly and daily rollups per camera, model and label, in the camera's event time as the scene reports it.
        SingleOutputStreamOperator<RollupRow> rollups = episodes.getSideOutput(SceneFunction.ROLLUPS)
                .keyBy(RollupInput::key)
                .process(new RollupFunction(cfg.rollupZone(), cfg.scene().tracker().maxLostMs()))
                .uid("rollups-per-camera").name("hourly and daily rollups");
        rollups.filter(r -> r.granularity.equals(RollupFunction.Granularity.HOURLY.code)).uid("hourly-rollups").name("hourly")
                .sinkTo(sinks.hourly()).uid("rollups-hourly-sink").name("rollups_hourly sink");
        rollups.filter(r -> r.granularity.equals(RollupFunction.Granularity.DAILY.code)).uid("daily-rollups").name("daily")
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

    /**
     * Ordered async inference: results leave in the order frames came, so each camera's results reach
     * tracking in the order its clock let them through (batches complete in order anyway). With a
     * parallelism of its own, frames are keyed by camera first so one camera stays on one subtask.
     */
    /**
     * A result's camera. Not {@code InferenceResult::cameraId}: that and {@code Frame::cameraId} name the same
     * interface method, and a serialized method reference may come back as the other one (a ClassCastException
     * on the cluster).
     */
    private static String cameraOf(InferenceResult r) {
        return r.cameraId();
    }

    private static DataStream<InferenceResult> detect(DataStream<Frame> frames, ArgusJobConfig cfg, ModelDefinition firstModel, String uid,
            Detectors detectors) {
        DataStream<Frame> in = cfg.inferenceParallelism() > 0 ? frames.keyBy(Frame::cameraId) : frames;
        SingleOutputStreamOperator<InferenceResult> op = AsyncDataStream.orderedWait(
                        in, detectors.create(cfg.inference(), firstModel),
                        cfg.inferenceTimeout().toMillis(), TimeUnit.MILLISECONDS, cfg.inferenceCapacity())
                .uid(uid).name("detect objects");
        if (cfg.inferenceParallelism() > 0) op.setParallelism(cfg.inferenceParallelism());
        return op;
    }
}
