package io.argus.job;

import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import io.argus.inference.BatchingInferenceFunction;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
 *        -> detect objects (async, micro-batched) -(skipped)-> dead letters
 *        -> ai_events
 * </pre>
 */
public final class ArgusPipeline {
    private ArgusPipeline() {}

    public static void build(StreamExecutionEnvironment env, ArgusJobConfig cfg,
            Source<RawFrame, ?, ?> frames, Sink<DeadLetter> deadLetters, Sink<InferenceResult> aiEvents) {

        // No watermarks at the source: a record's timestamp is not trusted until its envelope is valid,
        // so an absurd capture time is dead-lettered instead of racing event time ahead.
        SingleOutputStreamOperator<Frame> parsed = env
                .fromSource(frames, WatermarkStrategy.noWatermarks(), "frames")
                .uid("frames-source")
                .process(new EnvelopeParseFunction(cfg.envelopeRules()))
                .uid("parse-envelope").name("parse envelope");

        DataStream<Frame> timed = parsed
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Frame>forBoundedOutOfOrderness(cfg.maxDisorder())
                        .withTimestampAssigner((f, ts) -> f.captureTs)
                        .withIdleness(cfg.idleness()))
                .uid("event-time").name("event time");

        // Unordered: results leave as soon as they are ready; watermarks still order them in event time.
        SingleOutputStreamOperator<InferenceResult> inferred = AsyncDataStream.unorderedWait(
                        timed, new BatchingInferenceFunction(cfg.inference()),
                        cfg.inferenceTimeout().toMillis(), TimeUnit.MILLISECONDS, cfg.inferenceCapacity())
                .uid("detect-objects").name("detect objects (" + cfg.inference().modelName() + ")");
        if (cfg.inferenceParallelism() > 0) inferred.setParallelism(cfg.inferenceParallelism());

        SingleOutputStreamOperator<InferenceResult> detected = inferred
                .process(new InferenceFailureRouter())
                .uid("route-inference-failures").name("route inference failures");

        detected.sinkTo(aiEvents).uid("ai-events-sink").name("ai_events sink");

        parsed.getSideOutput(EnvelopeParseFunction.DEAD_LETTERS)
                .union(detected.getSideOutput(InferenceFailureRouter.DEAD_LETTERS))
                .sinkTo(deadLetters).uid("dead-letter-sink").name("dead-letter sink");
    }
}
