package io.argus.udf.models;

import io.argus.frame.Frame;
import io.argus.models.ModelBook;
import io.argus.models.ModelCommand;
import io.argus.models.ModelDefinition;
import io.argus.models.ModelUse;
import io.argus.models.StartingModels;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each camera's frames to its models: one copy per active model and per shadow, each copy naming
 * its model and role ({@link Frame#model}), in the order the model book lists them. The book is the
 * starting configuration with the accepted control commands applied, kept in broadcast state (every
 * subtask applies the same commands in the same order, so all agree). A change of a camera's models
 * takes effect between two of its frames: every frame goes to the models of the book as it stood when
 * the frame arrived, so none is processed by neither model and none by both (unless shadowing).
 * When a model stops running on a camera, a last progress marker for it closes what it had open there
 * (tracks, episodes, the rollup hour) before the camera's next frame goes on.
 */
public class ModelRouter extends KeyedBroadcastProcessFunction<String, Frame, AcceptedCommand, Frame> {
    /** The accepted commands by sequence number, as JSON with their time: "at tab json". */
    public static final MapStateDescriptor<Long, String> COMMANDS = new MapStateDescriptor<>("model-commands", Types.LONG, Types.STRING);

    private final StartingModels starting;

    /** The active models a camera's frames last went to (to notice one that left). */
    private transient ValueState<String[]> lastActive;
    private transient ModelBook book;
    /** Plans kept at most; past it the cache starts again (a plan is cheap to rebuild, just not per frame). */
    private static final int MAX_CACHED_PLANS = 10_000;
    /** Each camera's plan as the book stands (not rebuilt per frame); emptied whenever the book changes. */
    private transient Map<String, List<ModelUse>> plans;
    private transient long bookCommands;
    private transient Counter framesWithoutModel;

    public ModelRouter(StartingModels starting) {
        this.starting = starting;
    }

    @Override
    public void open(OpenContext ctx) {
        plans = new java.util.HashMap<>();
        lastActive = getRuntimeContext().getState(new ValueStateDescriptor<>("active-models", String[].class));
        var g = getRuntimeContext().getMetricGroup().addGroup("argus");
        framesWithoutModel = g.counter("framesWithoutModel");
        g.gauge("modelCommandsInBook", () -> bookCommands);
    }

    /** The book from the starting models and the commands in state, in order (rebuilt after a restore). */
    private ModelBook book(ReadOnlyBroadcastState<Long, String> commands) throws Exception {
        if (book == null) {
            Map<Long, String> sorted = new TreeMap<>();
            for (Map.Entry<Long, String> e : commands.immutableEntries()) sorted.put(e.getKey(), e.getValue());
            book = starting.book();
            for (String v : sorted.values()) {
                String[] p = v.split("\t", 2);
                book.apply(ModelCommand.parse(p[1]), Long.parseLong(p[0]));
            }
            bookCommands = sorted.size();
        }
        return book;
    }

    @Override
    public void processBroadcastElement(AcceptedCommand c, Context ctx, Collector<Frame> out) throws Exception {
        BroadcastState<Long, String> commands = ctx.getBroadcastState(COMMANDS);
        if (commands.contains(c.seq)) return; // already applied (a replay of the control topic)
        ModelBook b = book(commands);
        commands.put(c.seq, c.at + "\t" + c.json);
        ModelCommand cmd = ModelCommand.parse(c.json);
        b.apply(cmd, c.at); // accepted by the model control against the same book: it applies here too
        bookCommands++;
        plans.clear();
        // A model coming into use: let the inference subtask behind this one load it before its first frame.
        if (cmd.kind() == ModelCommand.Kind.SHADOW || cmd.kind() == ModelCommand.Kind.ASSIGN) {
            for (String id : cmd.kind() == ModelCommand.Kind.SHADOW ? List.of(cmd.modelId()) : cmd.models()) {
                ModelDefinition m = b.model(id).definition;
                Frame preload = Frame.tick("", 0, 0);
                preload.model = ModelUse.preload(m);
                out.collect(preload);
            }
        }
    }

    @Override
    public void processElement(Frame f, ReadOnlyContext ctx, Collector<Frame> out) throws Exception {
        ModelBook b = book(ctx.getBroadcastState(COMMANDS));
        if (plans.size() >= MAX_CACHED_PLANS) plans.clear(); // bounded whatever the number of camera ids
        List<ModelUse> plan = plans.computeIfAbsent(f.cameraId(), b::plan);
        if (plan.isEmpty()) {
            framesWithoutModel.inc(); // unknown cameras are dead-lettered before this; a book never leaves a camera without a model
            return;
        }
        Set<String> active = new LinkedHashSet<>();
        for (ModelUse u : plan) if (!u.shadow()) active.add(u.modelId());
        String[] before = lastActive.value();
        if (before != null) {
            for (String id : before) {
                if (active.contains(id) || b.model(id) == null) continue;
                // This camera's last word for a model that left it: the end of its time here.
                Frame end = Frame.tick(f.cameraId(), f.frameId(), Long.MAX_VALUE);
                end.model = ModelUse.last(b.model(id).definition);
                out.collect(end);
            }
        }
        if (before == null || !Set.of(before).equals(active)) lastActive.update(active.toArray(String[]::new));
        for (ModelUse u : plan) {
            if (f.tick && u.shadow()) continue; // progress markers feed tracking, which shadows do not
            Frame copy = new Frame(f.envelope, f.jpeg);
            copy.cameraTime = f.cameraTime;
            copy.tick = f.tick;
            copy.model = u;
            out.collect(copy);
        }
    }
}
