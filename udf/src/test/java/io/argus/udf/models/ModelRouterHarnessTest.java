package io.argus.udf.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.frame.Frame;
import io.argus.models.ModelCommand;
import io.argus.models.ModelDefinition;
import io.argus.models.StartingModels;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/** The model router with Flink's harness: copies per model, the switch between two frames, the last marker, state kept across a restore. */
class ModelRouterHarnessTest {
    private static final ModelDefinition V1 = new ModelDefinition("det", "1", "/m/det1.onnx", null, null, null);
    private static final ModelDefinition V2 = new ModelDefinition("det", "2", "/m/det2.onnx", null, null, null);
    private static final StartingModels START = new StartingModels(List.of(V1), Map.of("door", List.of("det:1"), "lobby", List.of("det:1")), Map.of());

    private static KeyedBroadcastOperatorTestHarness<String, Frame, AcceptedCommand, Frame> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new ModelRouter(START), Frame::cameraId, Types.STRING,
                ModelRouter.COMMANDS);
    }

    private static Frame frame(String cam, long id) {
        Frame f = Frame.jpeg(cam, id, 1_000 * id, 4, 4, new byte[] {(byte) 0xFF, (byte) 0xD8});
        f.cameraTime = 1_000 * id;
        return f;
    }

    private static List<String> out(KeyedBroadcastOperatorTestHarness<String, Frame, AcceptedCommand, Frame> h) {
        List<String> s = h.extractOutputValues().stream().map(f -> (f.model.preload() ? "preload " : f.model.last() ? "last " : f.tick ? "tick " : "")
                + (f.model.preload() ? "" : f.cameraId() + "#" + f.frameId() + " ") + f.model.modelId() + " " + f.model.role()).toList();
        h.getOutput().clear();
        return s;
    }

    @Test
    void aPromotionSwitchesBetweenTwoFramesAndClosesTheOldModel() throws Exception {
        try (var h = harness()) {
            h.processElement(frame("door", 1), 0);
            assertThat(out(h)).containsExactly("door#1 det:1 ACTIVE");

            h.processBroadcastElement(new AcceptedCommand(0, 10, ModelCommand.add(V2).toJson()), 0);
            h.processBroadcastElement(new AcceptedCommand(1, 11, ModelCommand.shadow("det:2", "det:1", List.of("door")).toJson()), 0);
            assertThat(out(h)).containsExactly("preload det:2 ACTIVE"); // loads before its first frame
            h.processElement(frame("door", 2), 0);
            h.processElement(frame("lobby", 2), 0);
            assertThat(out(h)).containsExactly("door#2 det:1 ACTIVE", "door#2 det:2 SHADOW", "lobby#2 det:1 ACTIVE");
            h.processElement(Frame.tick("door", 2, 2_500), 0);
            assertThat(out(h)).containsExactly("tick door#2 det:1 ACTIVE"); // shadows do not track: no ticks for them

            h.processBroadcastElement(new AcceptedCommand(2, 12, ModelCommand.promote("det:2").toJson()), 0);
            h.processElement(frame("door", 3), 0);
            // det:1 left the door: its last marker first (closing its tracks and episodes there), then the frame on det:2 only.
            assertThat(out(h)).containsExactly("last door#3 det:1 ACTIVE", "door#3 det:2 ACTIVE");
            h.processElement(frame("door", 4), 0);
            assertThat(out(h)).containsExactly("door#4 det:2 ACTIVE");
        }
    }

    @Test
    void theCommandsSurviveARestoreAndAReplayIsNotAppliedTwice() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processBroadcastElement(new AcceptedCommand(0, 10, ModelCommand.add(V2).toJson()), 0);
            h.processBroadcastElement(new AcceptedCommand(1, 11, ModelCommand.shadow("det:2", "det:1", List.of()).toJson()), 0);
            h.processBroadcastElement(new AcceptedCommand(2, 12, ModelCommand.promote("det:2").toJson()), 0);
            h.processElement(frame("lobby", 1), 0);
            snapshot = h.snapshot(1, 1);
        }
        var restored = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new ModelRouter(START), List.of(ModelRouter.COMMANDS)),
                (Frame f) -> f.cameraId(), Types.STRING, 1, 1, 0);
        restored.setup();
        restored.initializeState(snapshot);
        restored.open();
        try (restored) {
            restored.processBroadcastElement(new AcceptedCommand(2, 12, ModelCommand.promote("det:2").toJson()), 0); // replayed: ignored
            restored.processElement(frame("lobby", 2), 0);
            assertThat(out(restored)).containsExactly("lobby#2 det:2 ACTIVE");
        }
    }
}
