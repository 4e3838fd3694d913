package io.argus.udf.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.envelope.RejectReason;
import io.argus.frame.DeadLetter;
import io.argus.frame.Frame;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Each camera's clock with Flink's test harness: per camera, late frames, re-sends, quiet ticks, restored from a snapshot. */
class CameraClockFunctionHarnessTest {
    private static final long QUIET = 10_000;

    private static Frame frame(String camera, long id, long ts) {
        return new Frame(new FrameEnvelope(camera, id, ts, 64, 48, FrameEnvelope.CONTENT_TYPE_JPEG), new byte[] {1, 2, 3});
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Frame, Frame> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CameraClockFunction(2000, QUIET, 60_000)),
                f -> f.cameraId(), Types.STRING);
    }

    @Test
    void aCameraFarBehindAnotherIsNeverLateAndLateFramesKeepTheirBytes() throws Exception {
        try (var h = harness()) {
            h.open();
            // Camera b's backlog is a day behind a's: no matter, each has its own time.
            h.processElement(frame("a", 1, 86_400_000L), 0);
            h.processElement(frame("b", 1, 1_000), 0);
            h.processElement(frame("b", 2, 1_500), 0);
            h.processElement(frame("b", 3, 5_000), 0);
            h.processElement(frame("b", 4, 3_500), 0); // within b's 2 s of disorder
            h.processElement(frame("b", 5, 3_000), 0); // at b's event time (5000 - 2000): late
            assertThat(h.extractOutputValues()).extracting(f -> f + "/" + f.cameraTime)
                    .containsExactly("a#1@86400000/86398000", "b#1@1000/-1000", "b#2@1500/-500", "b#3@5000/3000", "b#4@3500/3000");
            assertThat(h.getSideOutput(CameraClockFunction.DEAD_LETTERS)).singleElement().satisfies(r -> {
                DeadLetter d = r.getValue();
                assertThat(d.reason).isEqualTo(RejectReason.LATE_FRAME);
                assertThat(d.value).containsExactly(1, 2, 3); // with its bytes: it can be sent again
                assertThat(d.cameraTime).isEqualTo(3000);
                assertThat(new String(d.headers.get(FrameEnvelope.H_FRAME_ID))).isEqualTo("5");
            });
        }
    }

    @Test
    void aReSentFrameGoesOnOnceAndIdsThatStartAgainGoOnAcrossARestore() throws Exception {
        var snapshot = (org.apache.flink.runtime.checkpoint.OperatorSubtaskState) null;
        try (var h = harness()) {
            h.open();
            h.processElement(frame("a", 5, 1000), 0);
            h.processElement(frame("a", 6, 1200), 0);
            h.processElement(frame("b", 0, 1300), 0); // another camera has its own sequence
            h.processElement(frame("a", 6, 1200), 0); // the same frame again: a re-send, processed once
            h.processElement(frame("a", 0, 601_200), 0); // ingest lost its state: ids from 0, ten minutes later
            assertThat(h.extractOutputValues()).extracting(Frame::toString).containsExactly("a#5@1000", "a#6@1200", "b#0@1300", "a#0@601200");
            assertThat(h.getSideOutput(CameraClockFunction.DEAD_LETTERS)).isNull();
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // one entry per camera
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(frame("a", 0, 601_200), 0); // still a re-send after the restore
            h.processElement(frame("a", 1, 601_400), 0);
            h.processElement(frame("a", 7, 1300), 0); // the old sequence, ten minutes behind: late
            assertThat(h.extractOutputValues()).extracting(Frame::toString).containsExactly("a#1@601400");
            assertThat(h.getSideOutput(CameraClockFunction.DEAD_LETTERS)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().reason).isEqualTo(RejectReason.LATE_FRAME));
        }
    }

    @Test
    void aQuietCameraTicksByTheActivityClockUntilAFrameComesAndStopsADayLater() throws Exception {
        try (var h = harness()) {
            h.open();
            // Watermarks are the source's activity time (the wall clock less back-pressure).
            // A live camera: its frames arrive a second after they are captured.
            h.processWatermark(new Watermark(51_000));
            h.processElement(frame("a", 1, 50_000), 0);
            h.processWatermark(new Watermark(51_000 + QUIET - 1));
            assertThat(h.extractOutputValues()).hasSize(1); // not quiet yet
            h.processWatermark(new Watermark(51_000 + QUIET));
            Frame tick = h.extractOutputValues().get(1);
            assertThat(tick.tick).isTrue();
            assertThat(tick.jpeg).isNull();
            assertThat(tick.cameraTime).isEqualTo(50_000 + QUIET); // its newest frame plus the time since
            h.processWatermark(new Watermark(51_000 + 2 * QUIET));
            assertThat(h.extractOutputValues()).hasSize(3);
            // A frame: ticks stop until it has been quiet again.
            h.processElement(frame("a", 2, 80_000), 0);
            h.processWatermark(new Watermark(51_000 + 3 * QUIET - 1));
            assertThat(h.extractOutputValues()).hasSize(4);
            assertThat(h.extractOutputValues().get(3).tick).isFalse();
            h.processWatermark(new Watermark(51_000 + 3 * QUIET));
            assertThat(h.extractOutputValues().get(4).cameraTime).isEqualTo(80_000 + QUIET);
            // A day and an hour of quiet later the ticks stop: no timer is left.
            for (long t = 51_000 + 4 * QUIET; t <= 51_000 + 2 * QUIET + CameraClockFunction.TICK_HORIZON_MS + QUIET; t += QUIET) {
                h.processWatermark(new Watermark(t));
            }
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void aCameraThatIsBeingCaughtUpIsNeverTickedItsFramesStillWaitInKafka() throws Exception {
        try (var h = harness()) {
            h.open();
            // Footage of yesterday, read as a backlog: then the partition waits its turn for a minute.
            h.processWatermark(new Watermark(86_400_000L + 5_000));
            h.processElement(frame("a", 1, 5_000), 0);
            h.processWatermark(new Watermark(86_400_000L + 65_000));
            assertThat(h.extractOutputValues()).hasSize(1); // no tick: its episodes stay open
            assertThat(h.numEventTimeTimers()).isZero();
            // Its next frame starts the watch again.
            h.processElement(frame("a", 2, 15_000), 0);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void silenceBeforeARestartDoesNotCountAndTheEndOfInputTicksNoOne() throws Exception {
        var snapshot = (org.apache.flink.runtime.checkpoint.OperatorSubtaskState) null;
        try (var h = harness()) {
            h.open();
            h.processWatermark(new Watermark(51_000));
            h.processElement(frame("a", 1, 50_000), 0);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            // The job was down for a minute: its first watermark is past the camera's quiet check, but
            // that minute is no silence of the camera (its frames waited in Kafka).
            h.processWatermark(new Watermark(120_000));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(new Watermark(120_000 + QUIET));
            assertThat(h.extractOutputValues()).singleElement().satisfies(t -> assertThat(t.cameraTime).isEqualTo(50_000 + QUIET));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }
}
