package io.argus.udf.media;

import io.argus.frame.Frame;
import io.argus.media.BufferedFrame;
import io.argus.media.ClipEncoder;
import io.argus.media.ClipPlan;
import io.argus.media.ClipRow;
import io.argus.media.EpisodeMedia;
import io.argus.media.FrameBuffers;
import io.argus.media.FrameRing;
import io.argus.media.MediaLayout;
import io.argus.media.MediaOptions;
import io.argus.media.SnapshotPolicy;
import io.argus.media.SnapshotRenderer;
import io.argus.media.SnapshotRow;
import io.argus.tracking.Episode;
import io.argus.tracking.EpisodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots and clips of episodes, per camera (the key). Input 1: the camera's valid frames (JPEG);
 * input 2: its episodes as the scene emits them (open, updated, closed).
 *
 * <p>Memory: frames live in a per-camera {@link FrameRing} bounded by time and bytes, all of a subtask's
 * cameras together by one byte budget ({@link FrameBuffers}), held by this operator instance and never in Flink state (they are the bulk of the data and Kafka already has
 * them). Keyed state holds only small per-episode metadata ({@link EpisodeMedia}), so a pending clip
 * survives a failover even though the frames before the restored offsets do not: such a clip starts
 * later (or, with none of its frames left, is counted in clipFramesMissing).
 *
 * <p>Timing: media work is due at the episode's last-seen time for snapshots and at its end plus the
 * post-roll for the clip, in the camera's own event time, which input 1 carries ({@link Frame#cameraTime},
 * ticks of a quiet camera included): every frame captured up to that time has arrived by then. Due
 * work runs when a frame or an episode brings the camera's time past it, and at the end of input. No
 * frame is decoded except the snapshot's and the clip's.
 *
 * <p>Writing is blocking I/O and runs in {@link MediaWriters}; its rows come back through the task
 * thread: on the next record or timer, and before every checkpoint barrier and at the end of input
 * ({@link EpisodeMediaOperator}), so a checkpoint never covers a job whose row was not emitted.
 */
public class EpisodeMediaFunction extends KeyedCoProcessFunction<String, Frame, Episode, SnapshotRow> {
    private static final Logger LOG = LoggerFactory.getLogger(EpisodeMediaFunction.class);
    public static final OutputTag<ClipRow> CLIPS = new OutputTag<>("clips") {};
    /** Longest a checkpoint or the end of input waits for writes in flight. */
    static final long AWAIT_MS = 120_000;

    private final MediaOptions options;
    private final MediaRetention.Database retentionDb;

    private transient MapState<String, EpisodeMedia> episodes;
    /** While episodes are pending: [the camera's event time, when the next media work is due]. */
    private transient ValueState<long[]> clock;
    private transient FrameBuffers buffers;
    /** Per episode, its last snapshot written: lets a close whose best frame left the buffer mark it final. */
    private transient Map<String, SnapshotRow> written;
    private transient MediaWriters writers;
    private transient MediaStore store;
    private transient String encoder;
    private transient MediaRetention retention;
    private transient Counter snapshotsWritten, snapshotFailures, snapshotFrameMissing, snapshotsSkippedBusy;
    private transient Counter clipsWritten, clipFailures, clipFramesMissing, retries, framesGivenUp;

    /** @param retentionDb where retention finds the media rows; null: no retention in this job */
    public EpisodeMediaFunction(MediaOptions options, MediaRetention.Database retentionDb) {
        this.options = options;
        this.retentionDb = retentionDb;
    }

    public static String key(Frame f) {
        return f.cameraId();
    }

    public static String key(Episode e) {
        return e.cameraId;
    }

    @Override
    public void open(OpenContext ctx) {
        episodes = getRuntimeContext().getMapState(new MapStateDescriptor<>("episode-media", Types.STRING,
                TypeInformation.of(EpisodeMedia.class)));
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("media-clock", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        buffers = new FrameBuffers(options.bufferMaxAgeMs(), options.bufferMaxBytes(), options.bufferBudgetBytes());
        written = new ConcurrentHashMap<>();
        store = new MediaStore(options.dir());
        encoder = ClipEncoder.pickEncoder(options.encoders());
        var g = getRuntimeContext().getMetricGroup().addGroup("argus");
        snapshotsWritten = g.counter("snapshotsWritten");
        snapshotFailures = g.counter("snapshotFailures");
        snapshotFrameMissing = g.counter("snapshotFrameMissing");
        snapshotsSkippedBusy = g.counter("snapshotsSkippedBusy");
        clipsWritten = g.counter("clipsWritten");
        clipFailures = g.counter("clipFailures");
        clipFramesMissing = g.counter("clipFramesMissing");
        retries = g.counter("mediaWriteRetries");
        g.gauge("mediaBufferBytes", (Gauge<Long>) buffers::bytes);
        framesGivenUp = g.counter("mediaFramesGivenUp");
        writers = new MediaWriters("argus-media-writer", options.writeThreads(), options.maxPending(), options.writeRetries(), 200, retries);
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        if (retentionDb != null && subtask == 0) {
            // One subtask prunes for all cameras: retention is per camera, not per key group.
            retention = new MediaRetention(retentionDb, store, options.retentionMaxAgeMs(), options.retentionMaxBytesPerCamera(),
                    g.counter("mediaRetentionDeleted"), g.counter("mediaRetentionFailures"));
            retention.schedule(options.retentionIntervalMs());
        }
        LOG.info("episode media to {} (clips encoded with {}), frame buffer per camera: {} ms, {} bytes; {} bytes for all cameras of this subtask",
                store.root(), encoder, options.bufferMaxAgeMs(), options.bufferMaxBytes(), options.bufferBudgetBytes());
    }

    @Override
    public void processElement1(Frame f, Context ctx, Collector<SnapshotRow> out) throws Exception {
        if (!f.tick) {
            long before = buffers.givenUpForBudget();
            buffers.add(f.cameraId(), f.captureTs(), f.frameId(), f.jpeg);
            framesGivenUp.inc(buffers.givenUpForBudget() - before);
        }
        long[] c = clock.value(); // null: no episode pending, nothing to time
        if (c != null && f.cameraTime > c[0]) {
            c[0] = f.cameraTime;
            if (c[0] >= c[1]) runDue(c, ctx);
            else clock.update(c);
        }
        emitDone(out, ctx::output);
    }

    @Override
    public void processElement2(Episode e, Context ctx, Collector<SnapshotRow> out) throws Exception {
        EpisodeMedia m = episodes.get(e.id);
        if (m == null) m = new EpisodeMedia();
        if (!m.closed) { // once closed, its media are on their way; a replayed open version changes nothing
            m.episode = e;
            m.closed = e.status == EpisodeStatus.CLOSED;
            episodes.put(e.id, m);
            long[] c = clock.value();
            if (c == null) {
                // The camera's time is known from its next frame; the end of input does everything left.
                c = new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            c[1] = Math.min(c[1], due(m));
            if (c[0] >= c[1]) runDue(c, ctx);
            else clock.update(c);
        }
        emitDone(out, ctx::output);
    }

    private long due(EpisodeMedia m) {
        return m.closed ? m.episode.endedAt + options.postRollMs() : m.episode.endedAt;
    }

    /** The end of input: all media work is due. */
    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<SnapshotRow> out) throws Exception {
        if (ts != Long.MAX_VALUE) return; // a timer of a savepoint from a build with event-time watermarks
        runDue(new long[] {Long.MAX_VALUE, Long.MAX_VALUE}, ctx);
        emitDone(out, ctx::output);
    }

    /** Does the media work due by the camera's time {@code c[0]}; keeps state only while some is pending. */
    private void runDue(long[] c, Context ctx) throws Exception {
        long ts = c[0];
        long next = Long.MAX_VALUE;
        List<String> ids = new ArrayList<>();
        for (String id : episodes.keys()) ids.add(id);
        for (String id : ids) {
            EpisodeMedia m = episodes.get(id);
            Episode e = m.episode;
            if (m.closed && ts >= e.endedAt + options.postRollMs()) {
                snapshot(m, true);
                clip(e);
                episodes.remove(id);
                continue;
            } else if (!m.closed && ts >= e.endedAt) {
                if (snapshot(m, false)) episodes.put(id, m);
            }
            // An open episode's next snapshot is due when it is seen again (a new version comes then).
            if (m.closed) next = Math.min(next, due(m));
        }
        if (episodes.isEmpty()) {
            clock.clear();
            ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
            return;
        }
        c[1] = next;
        clock.update(c);
    }

    /** Hands a snapshot to the writers when the policy says so; true when {@code m} changed. */
    private boolean snapshot(EpisodeMedia m, boolean closing) throws InterruptedException {
        Episode e = m.episode;
        if (!SnapshotPolicy.shouldWrite(m.snapshotFrameId, m.snapshotAt, e.bestFrameId, e.endedAt, closing, options.snapshotMinIntervalMs())) {
            return false;
        }
        FrameRing ring = buffers.ring(e.cameraId);
        BufferedFrame f = ring == null ? null : ring.byFrameId(e.bestFrameId);
        if (f == null) {
            // The best frame left the buffer (a long episode, or a failover): keep the last snapshot, final at close.
            SnapshotRow last = closing ? written.remove(e.id) : null;
            if (last != null) writers.submit("final snapshot of " + e.id, last::asFinal, snapshotFailures, true);
            else snapshotFrameMissing.inc();
            return false;
        }
        String folder = MediaLayout.folder(e.cameraId, e.startedAt, e.id);
        Episode ep = e.copy();
        MediaWriters.Job job = () -> {
            SnapshotRenderer.Rendered img = SnapshotRenderer.render(f.jpeg(), ep.bestX, ep.bestY, ep.bestW, ep.bestH, ep.label, ep.peakConfidence);
            SnapshotRow r = new SnapshotRow();
            r.bytes = store.write(folder + MediaLayout.SNAPSHOT, img.snapshot()) + store.write(folder + MediaLayout.THUMBNAIL, img.thumbnail());
            r.episodeId = ep.id;
            r.cameraId = ep.cameraId;
            r.modelId = ep.modelId;
            r.ts = f.ts();
            r.frameId = f.frameId();
            r.label = ep.label;
            r.confidence = ep.peakConfidence;
            r.x = ep.bestX;
            r.y = ep.bestY;
            r.w = ep.bestW;
            r.h = ep.bestH;
            r.uri = store.uri(folder + MediaLayout.SNAPSHOT);
            r.thumbnailUri = store.uri(folder + MediaLayout.THUMBNAIL);
            r.isFinal = closing;
            if (closing) written.remove(ep.id);
            else written.put(ep.id, r);
            snapshotsWritten.inc();
            return r;
        };
        if (!writers.submit("snapshot of " + e.id, job, snapshotFailures, closing)) {
            snapshotsSkippedBusy.inc();
            return false;
        }
        m.snapshotFrameId = e.bestFrameId;
        m.snapshotAt = e.endedAt;
        return true;
    }

    private void clip(Episode e) throws InterruptedException {
        FrameRing ring = buffers.ring(e.cameraId);
        ClipPlan plan = ring == null ? ClipPlan.of(List.of(), 1000)
                : ClipPlan.of(ring.range(e.startedAt - options.preRollMs(), e.endedAt + options.postRollMs()), ring.typicalIntervalMs(1000));
        if (plan.isEmpty()) {
            clipFramesMissing.inc();
            return;
        }
        String rel = MediaLayout.folder(e.cameraId, e.startedAt, e.id) + MediaLayout.CLIP;
        String enc = encoder;
        writers.submit("clip of " + e.id, () -> {
            java.nio.file.Path tmp = Files.createTempFile("argus-clip-", ".mp4");
            try {
                int n = ClipEncoder.encode(plan, enc, tmp);
                ClipRow r = new ClipRow();
                r.bytes = store.copy(rel, tmp);
                r.episodeId = e.id;
                r.cameraId = e.cameraId;
                r.modelId = e.modelId;
                r.startTs = plan.startTs();
                r.durationMs = plan.durationMs();
                r.frames = n;
                r.label = e.label;
                r.uri = store.uri(rel);
                r.codec = enc;
                clipsWritten.inc();
                return r;
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file; the OS cleans its temp folder
                }
            }
        }, clipFailures, true);
    }

    private void emitDone(Collector<SnapshotRow> out, java.util.function.BiConsumer<OutputTag<ClipRow>, ClipRow> clips) {
        drain(out::collect, c -> clips.accept(CLIPS, c));
    }

    /** Hands the rows of finished writes to the given consumers (task thread only). */
    void drain(Consumer<SnapshotRow> snapshots, Consumer<ClipRow> clips) {
        for (Object o : writers.poll()) {
            if (o instanceof SnapshotRow s) snapshots.accept(s);
            else if (o instanceof ClipRow c) clips.accept(c);
        }
    }

    /** Waits for the writes in flight (bounded), then hands over their rows. */
    void awaitAndDrain(Consumer<SnapshotRow> snapshots, Consumer<ClipRow> clips) throws InterruptedException {
        if (!writers.awaitIdle(AWAIT_MS)) {
            LOG.warn("{} media writes still running after {} ms; their rows follow later", writers.pending(), AWAIT_MS);
        }
        drain(snapshots, clips);
    }

    @Override
    public void close() throws Exception {
        if (retention != null) retention.close();
        if (writers != null) writers.close();
    }
}
