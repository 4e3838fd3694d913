package io.argus.udf.envelope;

import io.argus.envelope.EnvelopeParser;
import io.argus.envelope.EnvelopeRules;
import io.argus.frame.DeadLetter;
import io.argus.frame.Frame;
import io.argus.frame.RawFrame;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Validates each raw record; valid frames go on, the rest to {@link #DEAD_LETTERS} with their reason. */
public class EnvelopeParseFunction extends ProcessFunction<RawFrame, Frame> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final EnvelopeRules rules;
    private transient EnvelopeParser parser;
    private transient Counter framesIn;
    private transient Counter framesValid;
    private transient MetricGroup metrics;
    private transient Map<String, Counter> rejected;

    public EnvelopeParseFunction(EnvelopeRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new EnvelopeParser(rules);
        metrics = getRuntimeContext().getMetricGroup().addGroup("argus");
        framesIn = metrics.counter("framesIn");
        framesValid = metrics.counter("framesValid");
        rejected = new HashMap<>();
    }

    @Override
    public void processElement(RawFrame raw, Context ctx, Collector<Frame> out) {
        framesIn.inc();
        EnvelopeParser.Result r = parser.parse(raw.key, raw.value, raw.headers, System.currentTimeMillis());
        if (r.isOk()) {
            framesValid.inc();
            out.collect(new Frame(r.envelope(), raw.value));
        } else {
            rejected.computeIfAbsent(r.reason().code(), k -> metrics.addGroup("reason", k).counter("framesDeadLettered")).inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(raw, r.reason(), r.detail()));
        }
    }
}
