package io.argus.udf.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Pipeline health with Flink's harness, in each camera's own time: late frames counted, final rows never rewritten, nothing left. */
class HealthFunctionHarnessTest {
    private static final long HOUR = 3_600_000L;

    private static HealthEvent processed(long ts, long cameraTime, double ms) {
        HealthEvent e = new HealthEvent();
        e.cameraId = "lobby";
        e.ts = ts;
        e.cameraTime = cameraTime;
        e.outcome = HealthEvent.Outcome.PROCESSED;
        e.inferenceMs = ms;
        return e;
    }

    private static HealthEvent deadLetter(String camera, long cameraTime, long rejectedAt) {
        HealthEvent e = new HealthEvent();
        e.cameraId = camera;
        e.ts = rejectedAt;
        e.cameraTime = cameraTime;
        e.outcome = HealthEvent.Outcome.DEAD_LETTERED;
        return e;
    }

    private static HealthEvent tick(long time) {
        HealthEvent e = new HealthEvent();
        e.cameraId = "lobby";
        e.ts = time;
        e.cameraTime = time;
        e.outcome = HealthEvent.Outcome.TICK;
        return e;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HealthEvent, HealthRow> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new HealthFunction()), (HealthEvent e) -> e.cameraId,
                Types.STRING);
        h.open();
        return h;
    }

    private static List<String> rows(KeyedOneInputStreamOperatorTestHarness<String, HealthEvent, HealthRow> h) {
        return h.extractOutputValues().stream().map(r -> r.cameraId + "@" + r.bucket / HOUR + ":" + r.processed + "/" + r.skipped + "/" + r.deadLettered)
                .toList();
    }

    @Test
    void aLateFrameCountsInTheHourItWasFoundLateAndAnHourIsWrittenOnceItsCameraIsPastIt() throws Exception {
        try (var h = harness()) {
            for (long ts = HOUR - 30_000; ts < HOUR + 10_000; ts += 5_000) h.processElement(processed(ts, ts - 2000, 40), 0);
            // A frame found late at the camera's time HOUR + 5 s (its capture time was in the first hour).
            h.processElement(deadLetter("lobby", HOUR + 5_000, 999), 0);
            // The camera's time passed the first hour's end with the frame at HOUR + 5 s: written then, six frames.
            assertThat(rows(h)).containsExactly("lobby@0:6/0/0");
            h.processWatermark(new Watermark(Long.MAX_VALUE)); // the end of input writes the rest
            assertThat(rows(h)).containsExactly("lobby@0:6/0/0", "lobby@1:2/0/1");
            assertThat(h.extractOutputValues().get(0).p50Ms).isEqualTo(45f);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aDeadLetterForAFinalHourGoesToTheCamerasCurrentHourAndAQuietCamerasTicksWriteItsHour() throws Exception {
        try (var h = harness()) {
            h.processElement(processed(HOUR - 1000, HOUR - 3000, 10), 0);
            h.processElement(processed(HOUR + 2000, HOUR, 10), 0); // the camera is past the first hour: final
            assertThat(rows(h)).containsExactly("lobby@0:1/0/0");
            // An inference failure of a frame of the first hour reaches health only now: not into the final row.
            h.processElement(deadLetter("lobby", HOUR - 3000, 999), 0);
            assertThat(rows(h)).containsExactly("lobby@0:1/0/0");
            // The camera goes quiet; its ticks take it past the second hour: written, with the dead letter.
            h.processElement(tick(2 * HOUR + 10), 0);
            assertThat(rows(h)).containsExactly("lobby@0:1/0/0", "lobby@1:1/0/1");
        }
    }

    @Test
    void aCameraWithoutAnyValidFrameCountsInWallClockHoursWrittenAMinuteAfterTheyEnd() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(5 * HOUR + 100);
            h.processElement(deadLetter("unknown", 0, 5 * HOUR + 100), 0);
            h.processElement(deadLetter("unknown", 0, 5 * HOUR + 200), 0);
            h.setProcessingTime(6 * HOUR + HealthFunction.WALL_HOUR_GRACE_MS - 1);
            assertThat(rows(h)).isEmpty();
            h.setProcessingTime(6 * HOUR + HealthFunction.WALL_HOUR_GRACE_MS);
            assertThat(rows(h)).containsExactly("unknown@5:0/0/2");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers() + h.numEventTimeTimers()).isZero();
        }
    }
}
