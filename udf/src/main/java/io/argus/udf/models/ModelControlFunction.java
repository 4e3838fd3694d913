package io.argus.udf.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.inference.SharedDetectors;
import io.argus.models.ModelBook;
import io.argus.models.ModelCommand;
import io.argus.models.ModelDefinition;
import io.argus.models.ModelStatus;
import io.argus.models.StartingModels;
import io.argus.udf.scene.SceneEvent;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides on control commands (parallelism 1, one key): parses each, checks that an
 * added model loads, applies it to the model book, and passes what it accepted on, numbered, to every
 * model router. Every outcome is visible: status changes become {@code models} rows ({@link #ROWS}),
 * each accepted or refused command an event on the events topic ({@link #EVENTS}), refusals and failed
 * loads are counted and logged. A refused command changes nothing. The accepted commands are kept in
 * state, so the book survives restarts and savepoints.
 */
public class ModelControlFunction extends KeyedProcessFunction<Integer, ControlRecord, AcceptedCommand> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelControlFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final OutputTag<ModelRow> ROWS = new OutputTag<>("model-rows") {};
    public static final OutputTag<SceneEvent> EVENTS = new OutputTag<>("model-events") {};

    /** Loads a model to see that it works; returns what it read (JSON), or throws why it does not load. */
    @FunctionalInterface
    public interface LoadCheck extends Serializable {
        String check(InferenceOptions model) throws Exception;
    }

    /** The real check: an ONNX Runtime session, released at once (kept only where another user holds it). */
    public static final LoadCheck ONNX = model -> {
        OnnxDetector d = SharedDetectors.acquire(model);
        try {
            return String.format("{\"layout\":\"%s\",\"input_width\":%d,\"input_height\":%d,\"labels\":%d,\"provider\":\"%s\"}",
                    d.layout(), d.inputWidth(), d.inputHeight(), d.labels().size(), d.provider());
        } finally {
            SharedDetectors.release(d);
        }
    };

    private final StartingModels starting;
    private final InferenceOptions inference;
    private final LoadCheck loadCheck;

    /** Accepted commands in order, as "A|F tab at tab json" (F: an add whose model failed to load). */
    private transient ListState<String> accepted;
    private transient ModelBook book;
    private transient long seq;
    private transient Counter refused, loadFailures, applied;

    public ModelControlFunction(StartingModels starting, InferenceOptions inference, LoadCheck loadCheck) {
        this.starting = starting;
        this.inference = inference;
        this.loadCheck = loadCheck;
    }

    @Override
    public void open(OpenContext ctx) {
        accepted = getRuntimeContext().getListState(new ListStateDescriptor<>("accepted-commands", Types.STRING));
        var g = getRuntimeContext().getMetricGroup().addGroup("argus");
        refused = g.counter("modelCommandsRefused");
        loadFailures = g.counter("modelLoadChecksFailed");
        applied = g.counter("modelCommandsApplied");
    }

    /** The book as the kept commands leave it (rebuilt once after a start or restore). */
    private ModelBook book() throws Exception {
        if (book == null) {
            book = starting.book();
            seq = 0;
            for (String e : accepted.get()) {
                String[] p = e.split("\t", 3);
                ModelCommand c = ModelCommand.parse(p[2]);
                if (p[0].equals("F")) book.failed(c.model());
                else book.apply(c, Long.parseLong(p[1]));
                seq++;
            }
        }
        return book;
    }

    @Override
    public void processElement(ControlRecord r, Context ctx, Collector<AcceptedCommand> out) throws Exception {
        ModelBook b = book();
        ModelCommand c;
        try {
            c = ModelCommand.parse(r.json);
        } catch (IllegalArgumentException e) {
            refuse(ctx, r, null, e.getMessage());
            return;
        }
        if (c.kind() == ModelCommand.Kind.ADD) {
            ModelBook.Model prior = b.model(c.model().id());
            boolean known = prior != null && prior.status != ModelStatus.FAILED;
            if (!known) {
                String metadata;
                try {
                    metadata = loadCheck.check(inference.with(c.model()));
                } catch (Exception | Error e) {
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    loadFailures.inc();
                    LOG.warn("control {}: model {} does not load, refused: {}", r.position, c.model().id(), why);
                    if (prior == null) {
                        ModelBook.Change f = b.failed(c.model());
                        accepted.add("F\t" + r.ts + "\t" + c.toJson());
                        seq++;
                        ctx.output(ROWS, ModelRow.of(f, why, metadata(c.model(), null)));
                    }
                    ctx.output(EVENTS, event(c, ModelStatus.FAILED.code(), why, r.ts));
                    return;
                }
                apply(b, c, r, ctx, out, metadata);
                return;
            }
        }
        apply(b, c, r, ctx, out, null);
    }

    private void apply(ModelBook b, ModelCommand c, ControlRecord r, Context ctx, Collector<AcceptedCommand> out, String checked) throws Exception {
        List<ModelBook.Change> changes;
        try {
            changes = b.apply(c, r.ts);
        } catch (IllegalArgumentException e) {
            refuse(ctx, r, c, e.getMessage());
            return;
        }
        accepted.add("A\t" + r.ts + "\t" + c.toJson());
        out.collect(new AcceptedCommand(seq++, r.ts, c.toJson()));
        applied.inc();
        LOG.info("control {}: {} applied; {}", r.position, c.toJson(), changes.isEmpty() ? "no status changed"
                : changes.stream().map(x -> x.model().id() + " " + x.status().code()).toList());
        for (ModelBook.Change x : changes) ctx.output(ROWS, ModelRow.of(x, null, metadata(x.model(), checked)));
        ctx.output(EVENTS, event(c, "applied", null, r.ts));
    }

    private void refuse(Context ctx, ControlRecord r, ModelCommand c, String why) {
        refused.inc();
        LOG.warn("control {}: command refused, nothing changed: {} ({})", r.position, why, r.json);
        ctx.output(EVENTS, event(c, "refused", why + (c == null ? " in " + abbreviate(r.json) : ""), r.ts));
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** The model row's metadata: its settings, and what the load check read. */
    private static String metadata(ModelDefinition m, String checked) {
        ObjectNode n = JSON.createObjectNode();
        n.put("layout", m.layout());
        if (m.confidenceThreshold() != null) n.put("confidence_threshold", m.confidenceThreshold());
        if (m.iouThreshold() != null) n.put("iou_threshold", m.iouThreshold());
        if (checked != null) {
            try {
                n.set("loaded", JSON.readTree(checked));
            } catch (Exception e) {
                n.put("loaded", checked);
            }
        }
        return n.toString();
    }

    /** A model event for the events topic: kind "model", keyed by the model id. */
    static SceneEvent event(ModelCommand c, String outcome, String error, long ts) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "model");
        n.put("outcome", outcome);
        if (c != null) {
            n.put("command", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (c.subject() != null) n.put("modelId", c.subject());
            try {
                n.set("request", JSON.readTree(c.toJson()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (error != null) n.put("error", error);
        n.put("ts", ts);
        SceneEvent s = new SceneEvent();
        s.cameraId = c == null || c.subject() == null ? "" : c.subject();
        s.ts = ts;
        s.json = n.toString();
        return s;
    }
}
