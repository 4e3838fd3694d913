package io.argus.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.frame.Frame;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The frame-order guard with Flink's test harness: per camera, restored from a snapshot. */
class FrameSequenceGuardHarnessTest {
    private static Frame frame(String camera, long id, long ts) {
        return new Frame(new FrameEnvelope(camera, id, ts, 64, 48, FrameEnvelope.CONTENT_TYPE_JPEG), new byte[] {1});
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Frame, Frame> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FrameSequenceGuard()), f -> f.cameraId, Types.STRING);
    }

    @Test
    void idsThatGoBackwardsAreDeadLetteredPerCameraAndTheRuleSurvivesARestore() throws Exception {
        var snapshot = (org.apache.flink.runtime.checkpoint.OperatorSubtaskState) null;
        try (var h = harness()) {
            h.open();
            h.processElement(frame("a", 5, 1000), 1000);
            h.processElement(frame("a", 6, 1200), 1200);
            h.processElement(frame("b", 0, 1300), 1300); // another camera has its own sequence
            h.processElement(frame("a", 6, 1200), 1200); // the same frame again: a re-send, passes
            h.processElement(frame("a", 0, 1400), 1400); // ids restarted: rejected
            assertThat(h.extractOutputValues()).extracting(Frame::toString).containsExactly("a#5@1000", "a#6@1200", "b#0@1300", "a#6@1200");
            assertThat(h.getSideOutput(FrameSequenceGuard.DEAD_LETTERS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().reason).isEqualTo("frame-id-backwards");
                assertThat(r.getValue().detail).contains("frame id 0").contains("frame id 6");
                assertThat(new String(r.getValue().headers.get(FrameEnvelope.H_FRAME_ID))).isEqualTo("0");
            });
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // one entry per camera, no timers
            assertThat(h.numEventTimeTimers() + h.numProcessingTimeTimers()).isZero();
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(frame("a", 1, 1500), 1500); // still behind frame 6 after the restore
            h.processElement(frame("a", 7, 1600), 1600);
            assertThat(h.extractOutputValues()).extracting(Frame::toString).containsExactly("a#7@1600");
            assertThat(h.getSideOutput(FrameSequenceGuard.DEAD_LETTERS)).hasSize(1);
        }
    }
}
