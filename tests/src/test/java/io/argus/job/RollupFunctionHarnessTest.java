package io.argus.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Rollups with Flink's harness: an episode upserted many times counts once, and nothing is left afterwards. */
class RollupFunctionHarnessTest {
    private static final long HOUR = 3_600_000L;
    private static final long LINGER = 60_000L;

    private static RollupInput episode(String id, long startedAt) {
        RollupInput r = new RollupInput();
        r.cameraId = "lobby";
        r.modelId = "m:1";
        r.label = "person";
        r.ts = startedAt;
        r.episodeId = id;
        return r;
    }

    @Test
    void anEpisodeUpsertedThreeTimesCountsOnceAndTheBucketsLeaveNoState() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new RollupFunction(ZoneOffset.UTC, 5000, LINGER)),
                RollupInput::key, Types.STRING);
        try (h) {
            h.open();
            // e1 opens, is updated and closes (three upserts, all with its start time); e2 once; e3 in the next hour.
            for (RollupInput r : List.of(episode("e1", 1000), episode("e2", 2000), episode("e1", 1000), episode("e1", 1000),
                    episode("e3", HOUR + 5000))) {
                h.processElement(r, r.ts);
            }
            h.processWatermark(new Watermark(2 * HOUR + LINGER));
            List<RollupRow> hourly = h.extractOutputValues().stream().filter(r -> r.granularity.equals("hourly")).toList();
            // (A bucket's row is upserted at its end and again after the linger time, for late updates.)
            assertThat(hourly).extracting(r -> r.bucket + ":" + r.episodesStarted).containsOnly("0:2", HOUR + ":1");
            // The day is over too: its row counts each episode once, and every bit of state is gone.
            h.processWatermark(new Watermark(24 * HOUR + LINGER));
            List<RollupRow> daily = h.extractOutputValues().stream().filter(r -> r.granularity.equals("daily")).toList();
            assertThat(daily).extracting(r -> r.episodesStarted).containsOnly(3);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
