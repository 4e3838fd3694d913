package io.argus.udf.scene;

import io.argus.config.CameraSpec;
import io.argus.frame.DeadLetter;
import io.argus.frame.InferenceResult;
import io.argus.tracking.Action;
import io.argus.tracking.CameraScene;
import io.argus.tracking.Episode;
import io.argus.tracking.EpisodeStatus;
import io.argus.tracking.TrackedObject;
import io.argus.udf.envelope.CameraClockFunction;
import io.argus.udf.rollups.RollupInput;
import io.argus.vision.Detection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Tracking, episodes and actions for one camera and model (the key), in the camera's own event time.
 *
 * <p>Frames arrive in the order the camera's clock let them through ({@code CameraClockFunction}:
 * within the camera's disorder bound) and carry the camera's event time at that moment
 * ({@link InferenceResult#cameraTime}). Each waits in keyed state until the camera's event time
 * passes its capture time; then the waiting frames go to the camera's {@link CameraScene} in capture
 * order, and episodes whose objects have been gone for the gap close. No other camera's frames, and
 * no partition's read rate, move this camera's time. A quiet camera's ticks move it by the wall
 * clock. At the end of input (a bounded run, a drain) everything waiting is processed and every
 * episode closes. A frame at or behind the event time its camera's frames already settled is late:
 * counted and dead-lettered (the camera's clock rejects those earlier, so this is a safety net).
 *
 * <p>Besides episodes (main output), actions and detection rows, it tells the rollups what it did
 * ({@link #ROLLUPS}): each frame's objects, each episode that opened, and how far its event time got
 * with the earliest start an unopened episode can still have.
 *
 * <p>Each camera's scene is worked on as an object held by this subtask and written to keyed state
 * only before a checkpoint barrier ({@link #flush}, called by {@link SceneOperator}): on RocksDB every
 * read and write of the scene is a Java (de)serialization, which per frame dominated the event path.
 * After a restore the objects are read back from state on first use. When a camera has nothing
 * tracked, nothing open and nothing waiting, all its state is cleared.
 */
public class SceneFunction extends KeyedProcessFunction<String, InferenceResult, Episode> {
    public static final OutputTag<Action> ACTIONS = new OutputTag<>("actions") {};
    public static final OutputTag<DeadLetter> LATE = new OutputTag<>("late-frames") {};
    /** Every object of every frame, with its confirmed track's id (0 for none). */
    public static final OutputTag<DetectionRow> DETECTIONS = new OutputTag<>("detections") {};
    /** What the rollups are made of, in order per camera and model. */
    public static final OutputTag<RollupInput> ROLLUPS = new OutputTag<>("rollups") {};

    /**
     * A camera's progress in this operator, one small value per key: the event time reached (frames or
     * ticks), the event time frames brought, and the capture times of the frames waiting, ascending (so
     * no per-frame scan of the waiting map, which on RocksDB costs an iterator each time).
     */
    static final class Progress {
        long horizon = Long.MIN_VALUE, frameHorizon = Long.MIN_VALUE;
        long[] waiting = new long[0];

        static Progress of(long[] a) {
            Progress p = new Progress();
            if (a == null) return p;
            p.horizon = a[0];
            p.frameHorizon = a[1];
            p.waiting = java.util.Arrays.copyOfRange(a, 2, a.length);
            return p;
        }

        long[] toArray() {
            long[] a = new long[2 + waiting.length];
            a[0] = horizon;
            a[1] = frameHorizon;
            System.arraycopy(waiting, 0, a, 2, waiting.length);
            return a;
        }

        /** Adds a capture time to the waiting ones; false when frames of that time already wait. */
        boolean addWaiting(long ts) {
            int i = java.util.Arrays.binarySearch(waiting, ts);
            if (i >= 0) return false;
            int at = -i - 1;
            long[] w = new long[waiting.length + 1];
            System.arraycopy(waiting, 0, w, 0, at);
            w[at] = ts;
            System.arraycopy(waiting, at, w, at + 1, waiting.length - at);
            waiting = w;
            return true;
        }

        /** Removes and returns the waiting capture times up to {@code upTo}, ascending. */
        long[] takeDue(long upTo) {
            int n = 0;
            while (n < waiting.length && waiting[n] <= upTo) n++;
            long[] due = java.util.Arrays.copyOf(waiting, n);
            waiting = java.util.Arrays.copyOfRange(waiting, n, waiting.length);
            return due;
        }
    }

    private final Map<String, CameraSpec> cameras;
    private final CameraScene.Options options;

    private transient ValueState<CameraScene> scene;
    private transient MapState<Long, List<InferenceResult>> waiting;
    /** [event time reached (frames or ticks), event time reached by frames]. */
    private transient ValueState<long[]> clock;
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
        return r.cameraId() + "|" + r.modelId;
    }

    @Override
    public void open(OpenContext ctx) {
        scene = getRuntimeContext().getState(new ValueStateDescriptor<>("scene", new CameraSceneSerializer()));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG,
                Types.LIST(TypeInformation.of(InferenceResult.class))));
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("camera-time", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
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
        long[] stored = clock.value();
        boolean fresh = stored == null;
        Progress c = progress(stored);
        String key = ctx.getCurrentKey();
        if (r.tick) {
            if (r.cameraTime <= c.horizon) return;
            if (fresh && !working.containsKey(key)) {
                // Nothing here for this camera: pass its time on to the rollups, keep no state.
                ctx.output(ROLLUPS, RollupInput.progress(r.cameraId(), r.modelId, r.cameraTime, CameraScene.afterTime(r.cameraTime), false));
                return;
            }
        } else {
            lastCaptureTs = r.captureTs();
            if (r.captureTs() <= c.frameHorizon) {
                lateFrames.inc();
                ctx.output(LATE, DeadLetter.late(r, c.frameHorizon));
                return;
            }
            List<InferenceResult> at = c.addWaiting(r.captureTs()) ? new ArrayList<>(1) : waiting.get(r.captureTs());
            at.add(r);
            waiting.put(r.captureTs(), at);
            c.frameHorizon = Math.max(c.frameHorizon, r.cameraTime);
            // The end of input (watermark Long.MAX_VALUE: the activity-time watermarks never reach it) closes everything.
            if (fresh) ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        long target = Math.max(c.horizon, r.cameraTime);
        if (target > c.horizon) {
            c.horizon = target;
            CameraScene s = advance(key, c, target, r.tick, ctx, out);
            ctx.output(ROLLUPS, RollupInput.progress(r.cameraId(), r.modelId, target, s.episodeFloor(target), !r.tick));
            if (settle(key, s, c, ctx)) return;
        }
        clock.update(c.toArray());
    }

    /**
     * Feeds the scene every waiting frame captured up to {@code upTo}, in order, and closes what is due by then.
     * @param quiet no frame is coming (a tick, the end of input): tracks that were not seen again expire too
     *        (with frames still waiting, a tentative track must survive until the next frame decides)
     */
    private CameraScene advance(String key, Progress c, long upTo, boolean quiet, Context ctx, Collector<Episode> out) throws Exception {
        String[] k = key.split("\\|", 2);
        String camera = k[0], model = k[1];
        CameraScene s = working.get(key);
        if (s == null) {
            s = load(camera, model);
            working.put(key, s);
        }
        for (long ts : c.takeDue(upTo)) {
            List<InferenceResult> frames = new ArrayList<>(waiting.get(ts));
            frames.sort(Comparator.comparingLong(f -> f.frameId()));
            waiting.remove(ts);
            closeUpTo(s, ts - 1, ctx, out);
            for (InferenceResult f : frames) {
                CameraScene.Output o = s.onFrame(f.captureTs(), f.frameId(), f.detections);
                for (int i = 0; i < f.detections.size(); i++) {
                    Detection d = f.detections.get(i);
                    long track = 0;
                    for (TrackedObject tracked : o.tracked()) if (tracked.detection() == d) track = tracked.trackId();
                    ctx.output(DETECTIONS, DetectionRow.of(camera, model, f.captureTs(), f.frameId(), i, track, d));
                }
                ctx.output(ROLLUPS, RollupInput.objects(camera, model, f.captureTs(), f.frameId(), f.detections, o.tracked()));
                emit(o, ctx, out);
            }
        }
        closeUpTo(s, upTo, ctx, out);
        if (quiet) emit(s.onTime(upTo), ctx, out);
        return s;
    }

    /** The key's progress; without one, any frames waiting come from a savepoint of an earlier build: listed once. */
    private Progress progress(long[] stored) throws Exception {
        Progress c = Progress.of(stored);
        if (stored == null) for (Long ts : waiting.keys()) c.addWaiting(ts);
        return c;
    }

    /** Closes, in time order, what the scene has to close before {@code upTo}. */
    private void closeUpTo(CameraScene s, long upTo, Context ctx, Collector<Episode> out) {
        for (long d = s.nextDeadline(); d != Long.MAX_VALUE && d <= upTo; d = s.nextDeadline()) emit(s.onTime(d), ctx, out);
    }

    /** @return true when the camera had nothing left and its state was cleared */
    private boolean settle(String key, CameraScene s, Progress c, Context ctx) throws Exception {
        open.set(key, s.openTracks(), s.openEpisodes());
        if (s.isIdle() && c.waiting.length == 0) {
            scene.clear();
            clock.clear();
            ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
            working.remove(key);
            dirty.remove(key);
            return true;
        }
        dirty.add(key);
        return false;
    }

    /** The end of input: every waiting frame is processed and every episode closes. */
    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Episode> out) throws Exception {
        if (ts != Long.MAX_VALUE) return; // a timer of a savepoint from a build with event-time watermarks: its frames wait here
        String key = ctx.getCurrentKey();
        Progress c = progress(clock.value());
        CameraScene s = advance(key, c, Long.MAX_VALUE, true, ctx, out);
        String[] k = key.split("\\|", 2);
        ctx.output(ROLLUPS, RollupInput.progress(k[0], k[1], Long.MAX_VALUE, Long.MAX_VALUE, true));
        c.horizon = Long.MAX_VALUE;
        c.frameHorizon = Long.MAX_VALUE;
        if (!settle(key, s, c, ctx)) clock.update(c.toArray());
    }

    private void emit(CameraScene.Output o, Context ctx, Collector<Episode> out) {
        for (Episode e : o.opened()) ctx.output(ROLLUPS, RollupInput.opened(e));
        for (Episode e : o.episodes()) {
            if (e.status == EpisodeStatus.CLOSED) episodesClosed.inc();
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
        s.useOptions(options); // restored scenes carry the options of the run that wrote them
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
