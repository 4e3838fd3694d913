package io.argus.udf.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.inference.InferenceOptions;
import io.argus.models.ModelStatus;
import io.argus.models.ModelDefinition;
import io.argus.models.StartingModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model control with Flink's harness: accepted commands numbered and passed on, refusals and failed loads reported, the book restored. */
class ModelControlFunctionHarnessTest {
    private static final ModelDefinition V1 = new ModelDefinition("det", "1", "/m/det1.onnx", null, null, null);
    private static final StartingModels START = new StartingModels(List.of(V1), Map.of("door", List.of("det:1")), Map.of());
    /** Loads nothing: a model "loads" when its file is there and is not empty (the job's check opens a real ONNX session). */
    private static final ModelControlFunction.LoadCheck FILE_THERE = m -> {
        if (Files.size(Path.of(m.modelPath())) == 0) throw new IllegalStateException("cannot read model " + m.modelPath() + ": empty file");
        return "{\"labels\":80}";
    };

    private static KeyedOneInputStreamOperatorTestHarness<Integer, ControlRecord, AcceptedCommand> harness(OperatorSubtaskState from) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ModelControlFunction(START,
                InferenceOptions.defaults("/m/det1.onnx"), FILE_THERE)), (ControlRecord r) -> 0, Types.INT);
        if (from != null) h.initializeState(from);
        h.open();
        return h;
    }

    private static String add(Path file, String version) {
        return "{\"command\":\"add\",\"model\":{\"name\":\"det\",\"version\":\"" + version + "\",\"uri\":\"" + file.toUri() + "\"}}";
    }

    @Test
    void acceptsRefusesAndReportsEachCommand(@TempDir Path dir) throws Exception {
        Path good = Files.write(dir.resolve("det2.onnx"), new byte[] {1, 2, 3});
        Path broken = Files.write(dir.resolve("det3.onnx"), new byte[0]);
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.processElement(new ControlRecord(add(good, "2"), 100, "c-0@0"), 0);
            h.processElement(new ControlRecord(add(broken, "3"), 101, "c-0@1"), 0);
            h.processElement(new ControlRecord("{\"command\":\"promote\",\"model\":\"det:2\"}", 102, "c-0@2"), 0); // not a shadow yet
            h.processElement(new ControlRecord("not json", 103, "c-0@3"), 0);
            h.processElement(new ControlRecord("{\"command\":\"shadow\",\"model\":\"det:2\",\"replaces\":\"det:1\"}", 104, "c-0@4"), 0);

            assertThat(h.extractOutputValues()).extracting(c -> c.seq + " " + c.json)
                    .containsExactly("0 " + io.argus.models.ModelCommand.parse(add(good, "2")).toJson(),
                            "2 {\"command\":\"shadow\",\"model\":\"det:2\",\"replaces\":\"det:1\"}");
            assertThat(h.getSideOutput(ModelControlFunction.ROWS)).extracting(r -> r.getValue().id + "=" + r.getValue().status + " " + r.getValue().error)
                    .containsExactly("det:2=" + ModelStatus.AVAILABLE + " null",
                            "det:3=" + ModelStatus.FAILED + " cannot read model " + broken + ": empty file",
                            "det:2=" + ModelStatus.SHADOW + " null");
            assertThat(h.getSideOutput(ModelControlFunction.EVENTS)).extracting(r -> r.getValue().json)
                    .satisfiesExactly(
                            e -> assertThat(e).contains("\"outcome\":\"applied\"", "\"modelId\":\"det:2\""),
                            e -> assertThat(e).contains("\"outcome\":\"failed\"", "\"modelId\":\"det:3\"", "empty file"),
                            e -> assertThat(e).contains("\"outcome\":\"refused\"", "not a shadow anywhere"),
                            e -> assertThat(e).contains("\"outcome\":\"refused\"", "not JSON", "in not json"),
                            e -> assertThat(e).contains("\"outcome\":\"applied\"", "\"command\":\"shadow\""));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(snapshot)) {
            // The restored book knows det:2 is a shadow: the promotion goes through, numbered after what was kept.
            h.processElement(new ControlRecord("{\"command\":\"promote\",\"model\":\"det:2\"}", 200, "c-0@5"), 0);
            assertThat(h.extractOutputValues()).extracting(c -> c.seq).containsExactly(3L);
            assertThat(h.getSideOutput(ModelControlFunction.ROWS)).extracting(r -> r.getValue().id + "=" + r.getValue().status + "@" + r.getValue().retiredAt)
                    .containsExactly("det:1=" + ModelStatus.RETIRED + "@200", "det:2=" + ModelStatus.ACTIVE + "@0");
        }
    }
}
