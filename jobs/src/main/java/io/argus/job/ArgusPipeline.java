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
 *        -> detect objects (async, ordered, micro-batched; one operator per model, fed its cameras' frames)
 *           -(skipped)-> dead letters
 *        -> keep each camera's labels -> ai_events
 *        -> keyBy camera+model: track, episodes, actions (event time) -> detections, episodes, actions, argus.events
 *           -> keyBy camera+model: hourly and daily rollups per label -> rollups_hourly, rollups_daily
 *           -> keyBy camera, with the camera's frames: snapshots and clips -> media store, snapshots, clips
 * </pre>
 */
public final class ArgusPipeline {
    private ArgusPipeline() {}

    /** Where the job writes: swap any of them in tests. */
    /** Makes the detection function for one model: ONNX Runtime in production; tests may bring their own. */
    public interface Detectors extends java.io.Serializable {
        AsyncFunction<Frame, InferenceResult> create(InferenceOptions model);
    }

    public static void build(StreamExecutionEnvironment env, ArgusJobConfig cfg, Source<RawFrame, ?, ?> frames, Sinks sinks) {
        // A model call that has not returned after 10x the frame timeout is hung: the task fails and restarts.
        long hardLimitMs = 10 * cfg.inferenceTimeout().toMillis();
        build(env, cfg, frames, sinks, model -> new BatchingInferenceFunction(model, hardLimitMs));
    }

    /** The dataflow with another way of detecting objects (e.g. synthetic detections in the soak test). */
    public static void build(StreamExecutionEnvironment env, ArgusJobConfig cfg, Source<RawFrame, ?, ?> frames, Sinks sinks,
            Detectors detectors) {

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

        DataStream<InferenceResult> inferred;
        if (cfg.cameras() == null) {
            inferred = detect(sequenced, cfg, cfg.inference(), "detect-objects", detectors);
        } else {
            // One inference operator per model, fed only the frames of the cameras that run it.
            inferred = null;
            for (InferenceOptions model : cfg.models()) {
                Set<String> cams = cfg.cameras().camerasRunning(model.modelName());
                if (cams.isEmpty()) continue;
                DataStream<Frame> routed = sequenced.filter(new CameraFilter(cams))
                        .uid("route-to-" + model.modelName()).name("cameras of " + model.modelName());
                DataStream<InferenceResult> r = detect(routed, cfg, model, "detect-objects-" + model.modelName(), detectors);
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

        kept.filter(r -> !r.tick).uid("frames-only").name("frames (not ticks)")
                .sinkTo(sinks.aiEvents()).uid("ai-events-sink").name("ai_events sink");

        SingleOutputStreamOperator<Episode> episodes = events(kept, cfg, sinks);

        if (cfg.media().enabled()) media(sequenced, episodes, cfg, sinks);

        DataStream<DeadLetter> parseDeadLetters = parsed.getSideOutput(EnvelopeParseFunction.DEAD_LETTERS)
                .union(sequenced.getSideOutput(CameraClockFunction.DEAD_LETTERS));
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
    private static DataStream<InferenceResult> detect(DataStream<Frame> frames, ArgusJobConfig cfg, InferenceOptions model, String uid,
            Detectors detectors) {
        DataStream<Frame> in = cfg.inferenceParallelism() > 0 ? frames.keyBy(Frame::cameraId) : frames;
        SingleOutputStreamOperator<InferenceResult> op = AsyncDataStream.orderedWait(
                        in, detectors.create(model),
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
            return cameras.contains(f.cameraId());
        }
    }
}
