package io.argus.job;

import io.argus.config.CameraSpec;
import io.argus.frame.InferenceResult;
import io.argus.tracking.Action;
import io.argus.tracking.CameraScene;
import io.argus.tracking.Episode;
import io.argus.tracking.TrackedObject;
import io.argus.vision.Detection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Tracking, episodes and actions for one camera and model (the key), in event time.
 *
 * <p>Async inference returns frames out of order, and the tracker needs them in capture order, so
 * each result waits in keyed state until the watermark passes its capture time; an event-time timer
 * at that time then feeds every waiting frame to the camera's {@link CameraScene} in order. A frame
 * that arrives behind the watermark is late: counted and dead-lettered. Another timer closes the
 * episodes of a camera that went quiet. When a camera has nothing tracked, nothing open and nothing
 * waiting, all its state is cleared.
 *
 * <p>Each camera's scene is worked on as an object held by this subtask and written to keyed state
 * only before a checkpoint barrier ({@link #flush}, called by {@link SceneOperator}): on RocksDB every
 * read and write of the scene is a Java (de)serialization, which per frame dominated the event path.
 * After a restore the objects are read back from state on first use.
 */
public class SceneFunction extends KeyedProcessFunction<String, InferenceResult, Episode> {
    public static final OutputTag<Action> ACTIONS = new OutputTag<>("actions") {};
    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-frames") {};
    /** Every object of every frame, with its confirmed track's id (0 for none). */
    public static final OutputTag<DetectionRow> DETECTIONS = new OutputTag<>("detections") {};

    private final Map<String, CameraSpec> cameras;
    private final CameraScene.Options options;

    private transient ValueState<CameraScene> scene;
    private transient MapState<Long, List<InferenceResult>> waiting;
    private transient Counter lateFrames;
    private transient Counter episodesClosed;
    private transient Counter actionsEmitted;
    private transient OpenCounts open;
    /** Scenes in use by key; {@code dirty}: changed since the last flush to keyed state. */
    private transient Map<String, CameraScene> working;
    private transient Set<String> dirty;
    private transient volatile long lastCaptureTs;

    public SceneFunction(Map<String, CameraSpec> cameras, CameraScene.Options options) {
        this.cameras = Map.copyOf(cameras);
        this.options = options;
    }

    /** The key: one scene per camera and model, so two models on one camera never share a tracker. */
    public static String key(InferenceResult r) {
        return r.cameraId + "|" + r.modelId;
    }

    @Override
    public void open(OpenContext ctx) {
        scene = getRuntimeContext().getState(new ValueStateDescriptor<>("scene", new CameraSceneSerializer()));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG,
                Types.LIST(TypeInformation.of(InferenceResult.class))));
        var g = getRuntimeContext().getMetricGroup().addGroup("argus");
        lateFrames = g.counter("lateFrames");
        episodesClosed = g.counter("episodesClosed");
        actionsEmitted = g.counter("actions");
        // Per subtask: tracks and episodes open across its keys, updated as each key changes.
        open = new OpenCounts();
        working = new HashMap<>();
        dirty = new HashSet<>();
        g.gauge("openTracks", () -> open.tracks());
        g.gauge("openEpisodes", () -> open.episodes());
        // Wall clock minus the capture time of the latest frame to reach tracking: ingest, Kafka and
        // inference together (0 before the first frame).
        g.gauge("frameLagMs", () -> lastCaptureTs == 0 ? 0L : System.currentTimeMillis() - lastCaptureTs);
    }

    @Override
    public void processElement(InferenceResult r, Context ctx, Collector<Episode> out) throws Exception {
        lastCaptureTs = r.captureTs;
        long wm = ctx.timerService().currentWatermark();
        if (r.captureTs <= wm) {
            lateFrames.inc();
            ctx.output(LATE, DeadLetter.late(r, wm));
            return;
        }
        List<InferenceResult> at = waiting.get(r.captureTs);
        if (at == null) at = new ArrayList<>(1);
        at.add(r);
        waiting.put(r.captureTs, at);
        ctx.timerService().registerEventTimeTimer(r.captureTs);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Episode> out) throws Exception {
        String[] key = ctx.getCurrentKey().split("\\|", 2);
        String camera = key[0], model = key[1];
        CameraScene s = working.get(ctx.getCurrentKey());
        if (s == null) {
            s = load(camera, model);
            working.put(ctx.getCurrentKey(), s);
        }
        // Every waiting frame registered a timer at its own capture time and timers fire in time order,
        // so the frames due now are exactly those at ts: no scan of the map (on RocksDB a scan
        // deserializes every waiting frame, once per timer).
        List<InferenceResult> dueNow = waiting.get(ts);
        if (dueNow != null) {
            List<InferenceResult> frames = new ArrayList<>(dueNow);
            frames.sort(Comparator.comparingLong(f -> f.frameId));
            waiting.remove(ts);
            for (InferenceResult f : frames) {
                CameraScene.Output o = s.onFrame(f.captureTs, f.frameId, f.detections);
                for (int i = 0; i < f.detections.size(); i++) {
                    Detection d = f.detections.get(i);
                    long track = 0;
                    for (TrackedObject tracked : o.tracked()) if (tracked.detection() == d) track = tracked.trackId();
                    ctx.output(DETECTIONS, DetectionRow.of(camera, model, f.captureTs, f.frameId, i, track, d));
                }
                emit(o, ctx, out);
            }
        }
        emit(s.onTime(ts), ctx, out);
        open.set(ctx.getCurrentKey(), s.openTracks(), s.openEpisodes());
        if (s.isIdle() && waiting.isEmpty()) {
            scene.clear();
            working.remove(ctx.getCurrentKey());
            dirty.remove(ctx.getCurrentKey());
            return;
        }
        long deadline = s.nextDeadline();
        if (deadline != Long.MAX_VALUE) ctx.timerService().registerEventTimeTimer(deadline);
        dirty.add(ctx.getCurrentKey());
    }

    private void emit(CameraScene.Output o, OnTimerContext ctx, Collector<Episode> out) {
        for (Episode e : o.episodes()) {
            if ("closed".equals(e.status)) episodesClosed.inc();
            out.collect(e);
        }
        for (Action a : o.actions()) {
            actionsEmitted.inc();
            ctx.output(ACTIONS, a);
        }
    }

    private CameraScene load(String camera, String model) throws IOException {
        CameraScene s = scene.value();
        if (s == null) {
            CameraSpec c = cameras.get(camera);
            return new CameraScene(camera, model, c == null ? List.of() : c.zones(), c == null ? List.of() : c.lines(), options);
        }
        return s;
    }

    /**
     * Writes the scenes changed since the last call to keyed state, as copies (the heap state backend
     * keeps the object it is given, and the working one goes on changing while a snapshot is written).
     * @param setKey makes a key the operator's current key
     */
    void flush(Consumer<String> setKey) throws IOException {
        CameraSceneSerializer copier = new CameraSceneSerializer();
        for (String key : dirty) {
            setKey.accept(key);
            scene.update(copier.copy(working.get(key)));
        }
        dirty.clear();
    }
}
