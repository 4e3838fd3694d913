package io.argus.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.it.LocalStack;
import io.argus.storage.SchemaMigrator;
import io.argus.udf.scene.DetectionRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bulk sink against the real PostgreSQL: replays, repeats within a batch, and a failure after a COPY, on both of its ways in. */
class CopyUpsertSinkTest {
    private static LocalStack stack;
    private static String db;
    private static JdbcSettings settings;

    @BeforeAll
    static void setUp() throws Exception {
        stack = LocalStack.load();
        db = stack.createDatabase("copysink");
        SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
        settings = new JdbcSettings(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword(), 1000, 0, 2);
    }

    private static DetectionRow row(String camera, long frame, int index, long track, String label) {
        DetectionRow r = new DetectionRow();
        r.cameraId = camera;
        r.modelId = "m:1";
        r.ts = 1_767_225_600_000L + frame * 200;
        r.frameId = frame;
        r.index = index;
        r.trackId = track;
        r.label = label;
        r.confidence = 0.5f + index / 100f;
        r.x = 0.1f * index;
        r.y = 1e-5f;
        r.w = 0.25f;
        r.h = 0.5f;
        return r;
    }

    private static List<String> table(String camera) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT frame_id, track_id, label, confidence, x, y, w, h, ts FROM detections WHERE camera_id = '"
                     + camera + "' ORDER BY frame_id, x")) {
            while (r.next()) {
                out.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getFloat(4) + "|" + r.getFloat(5) + "|"
                        + r.getFloat(6) + "|" + r.getFloat(7) + "|" + r.getFloat(8) + "|" + r.getTimestamp(9).getTime());
            }
        }
        return out;
    }

    private static CopyUpsertSink.Writer<DetectionRow> writer(SimpleCounter rows, SimpleCounter retries) {
        return new CopyUpsertSink.Writer<>(settings, DetectionRows.TABLE, DetectionRows::encode, null, rows, retries);
    }

    @Test
    void aBatchWrittenTwiceLeavesTheSameRowsWithTheirValuesExact() throws Exception {
        SimpleCounter rows = new SimpleCounter(), retries = new SimpleCounter();
        List<DetectionRow> batch = List.of(row("twice", 1, 0, 0, "person"), row("twice", 1, 1, 7, "a \"quoted\", label"), row("twice", 2, 0, 7, "car"));
        for (int round = 0; round < 2; round++) {
            try (var w = writer(rows, retries)) {
                for (DetectionRow r : batch) w.write(r, null);
                w.flush(false);
            }
        }
        assertThat(table("twice")).containsExactly(
                "1|null|person|0.5|0.0|1.0E-5|0.25|0.5|1767225600200",
                "1|7|a \"quoted\", label|0.51|0.1|1.0E-5|0.25|0.5|1767225600200",
                "2|7|car|0.5|0.0|1.0E-5|0.25|0.5|1767225600400");
        assertThat(rows.getCount()).isEqualTo(6);
        assertThat(retries.getCount()).isZero();
    }

    @Test
    void aReplayThatOverlapsWhatWasWrittenUpsertsAndLaterBatchesCopyAgain() throws Exception {
        SimpleCounter rows = new SimpleCounter(), retries = new SimpleCounter();
        try (var w = writer(rows, retries)) {
            for (int f = 0; f < 10; f++) w.write(row("replay", f, 0, 0, "person"), null);
            w.flush(false);
            assertThat(w.conflicts()).isZero(); // new rows: straight COPY
            // The replay after a restart: frames 5-9 again, now with a confirmed track, then new frames.
            for (int f = 5; f < 15; f++) w.write(row("replay", f, 0, 3, "person"), null);
            w.flush(false);
            assertThat(w.conflicts()).isEqualTo(1);
            // The next batches go the upsert way for a while, then straight again, each key still once.
            for (int b = 0; b <= CopyUpsertSink.MERGES_AFTER_A_CONFLICT + 1; b++) {
                w.write(row("replay", 15 + b, 0, 3, "person"), null);
                w.flush(false);
            }
            w.write(row("replay", 14, 0, 3, "person"), null);
            w.flush(false);
            assertThat(w.conflicts()).isEqualTo(2);
        }
        int frames = 15 + CopyUpsertSink.MERGES_AFTER_A_CONFLICT + 2;
        List<String> t = table("replay");
        assertThat(t).hasSize(frames);
        assertThat(t.subList(0, 5)).allSatisfy(r -> assertThat(r).contains("|null|person|"));
        assertThat(t.subList(5, frames)).allSatisfy(r -> assertThat(r).contains("|3|person|"));
        assertThat(rows.getCount()).isEqualTo(10 + 10 + CopyUpsertSink.MERGES_AFTER_A_CONFLICT + 2 + 1);
        assertThat(retries.getCount()).isZero();
    }

    @Test
    void theSameKeyTwiceInOneBatchKeepsTheLastVersion() throws Exception {
        try (var w = writer(new SimpleCounter(), new SimpleCounter())) {
            w.write(row("repeat", 1, 0, 0, "person"), null);
            w.write(row("repeat", 1, 0, 42, "person"), null); // the object's track was confirmed since
            w.flush(false);
        }
        assertThat(table("repeat")).singleElement().satisfies(r -> assertThat(r).startsWith("1|42|person"));
    }

    @Test
    void aFailureAfterTheCopyRollsBackAndTheRetryWritesEachRowOnce() throws Exception {
        for (boolean replay : new boolean[] {false, true}) {
            String camera = replay ? "broken-replay" : "broken";
            SimpleCounter rows = new SimpleCounter(), retries = new SimpleCounter();
            AtomicInteger attempts = new AtomicInteger();
            try (var w = writer(rows, retries)) {
                if (replay) { // a row already there sends the batch the upsert way: COPY into staging, then the merge
                    w.write(row(camera, 0, 0, 77, "person"), null);
                    w.flush(false);
                }
                w.afterCopy = () -> {
                    if (attempts.incrementAndGet() == 1) throw new IllegalStateException("the connection broke after the COPY");
                };
                for (int f = 0; f < 500; f++) w.write(row(camera, f, 0, f, "person"), null);
                w.flush(false);
                assertThat(w.conflicts()).isEqualTo(replay ? 1 : 0);
            }
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(retries.getCount()).isEqualTo(1);
            assertThat(rows.getCount()).isEqualTo(replay ? 501 : 500);
            assertThat(table(camera)).hasSize(500);
            assertThat(stack.count(db, "SELECT count(DISTINCT frame_id) FROM detections WHERE camera_id = '" + camera + "'")).isEqualTo(500);
            // Frame 0 has no track in the batch (track 0): the batch's version replaced the earlier one's track 77.
            assertThat(stack.count(db, "SELECT count(*) FROM detections WHERE camera_id = '" + camera + "' AND track_id = frame_id")).isEqualTo(499);
            assertThat(stack.count(db, "SELECT count(*) FROM detections WHERE camera_id = '" + camera + "' AND track_id IS NULL")).isEqualTo(1);
        }
    }
}
