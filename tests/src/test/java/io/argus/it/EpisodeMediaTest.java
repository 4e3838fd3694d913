package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.TestAssets;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.job.ArgusJob;
import io.argus.media.RetentionPlanner;
import io.argus.storage.SchemaMigrator;
import io.argus.udf.media.MediaRetention;
import io.argus.udf.media.MediaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots and clips when things go wrong (a media store that refuses writes) and media retention,
 * against the real database and real files. The happy path is checked in {@link EndToEndTest}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EpisodeMediaTest {
    private static final int FRAMES = 16; // 8 s of the sample video at 2 frames/s

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(1, CapturingReporter.configure());

    @Test
    void aReadOnlyMediaStoreCountsFailuresAndTheEpisodesStillLand(@TempDir Path tmp) throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("media_ro");
        List<String> topics = stack.createTopics("media-ro", 1, "frames", "dlq", "events");
        try (FramePublisher pub = new FramePublisher(stack.bootstrapServers(), topics.get(0))) {
            new VideoIngest(TestAssets.media("vtest.avi"), "ro-cam", 2, System.currentTimeMillis() - 60_000, 0, FRAMES, 0, 0.85f, false)
                    .publish(pub, (n, p) -> {});
            pub.flush();
        }
        Path media = tmp.resolve("media");
        Files.createDirectories(media);
        ReadOnly ro = ReadOnly.make(media);
        try {
            CapturingReporter.clear();
            ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, topics.get(0), topics.get(1), "ro",
                    "--inference.intra-op-threads", "1", "--media.enabled", "true", "--media.dir", ro.mediaDir().toString(),
                    "--media.write-retries", "1"));
        } finally {
            ro.undo();
        }
        // The job ran to its end; the episodes are all there and closed, with no snapshot to point at.
        long episodes = stack.count(db, "SELECT count(*) FROM episodes WHERE status = 'closed'");
        assertThat(episodes).isPositive();
        assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE status <> 'closed' OR snapshot_uri IS NOT NULL")).isZero();
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events")).isEqualTo(FRAMES);
        // No rows for media that were not written; every failure counted after its retry.
        assertThat(stack.count(db, "SELECT count(*) FROM snapshots")).isZero();
        assertThat(stack.count(db, "SELECT count(*) FROM clips")).isZero();
        assertThat(CapturingReporter.sum("clipFailures")).isEqualTo(episodes);
        assertThat(CapturingReporter.sum("snapshotFailures")).isGreaterThanOrEqualTo(episodes); // at least the final ones
        assertThat(CapturingReporter.sum("mediaWriteRetries"))
                .isEqualTo(CapturingReporter.sum("clipFailures") + CapturingReporter.sum("snapshotFailures"));
        assertThat(CapturingReporter.sum("snapshotsWritten") + CapturingReporter.sum("clipsWritten")).isZero();
        try (var files = Files.walk(media)) {
            assertThat(files.filter(Files::isRegularFile).count()).isZero();
        }
    }

    /**
     * A media root nobody may write to. Tests run as root, whom permissions do not stop: then the
     * folder is made immutable (chattr +i); where that is not possible either, the root is put below a
     * regular file, which no file system lets anyone write into.
     */
    private record ReadOnly(Path dir, Path mediaDir, boolean immutable) {
        static ReadOnly make(Path dir) throws Exception {
            dir.toFile().setWritable(false, false);
            if (!writable(dir)) return new ReadOnly(dir, dir, false);
            Process p = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
            if (p.waitFor() == 0 && !writable(dir)) return new ReadOnly(dir, dir, true);
            Path blocker = dir.resolve("not-a-folder");
            Files.writeString(blocker, "x");
            return new ReadOnly(dir, blocker.resolve("media"), false);
        }

        private static boolean writable(Path dir) {
            try {
                Files.delete(Files.createTempFile(dir, "probe", ""));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        void undo() throws Exception {
            if (immutable) new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
            dir.toFile().setWritable(true, false);
            Files.deleteIfExists(dir.resolve("not-a-folder"));
        }
    }

    @Test
    void retentionByAgeAndBySizeDeletesOldestFirstKeepingRowsAndFilesConsistent(@TempDir Path root) throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("media_ret");
        SchemaMigrator.migrate(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword());
        MediaStore store = new MediaStore(root.toString());
        long now = 1_700_000_000_000L, day = 86_400_000L;
        // Camera a: a clip and a snapshot 10 days old, and three recent episodes of 100 + 200 bytes each.
        // Camera b: one recent episode.
        try (Connection c = stack.connect(db)) {
            add(c, store, "a", now - 10 * day, 100, 200);
            for (int i = 3; i >= 1; i--) add(c, store, "a", now - i * 3_600_000L, 100, 200);
            add(c, store, "b", now - 3_600_000L, 100, 200);
        }
        // Age 7 days: the old episode's clip and snapshot go. Size 650 bytes per camera: camera a keeps
        // 3 x 300 = 900 after that, so its oldest items go until it fits: the clip (200, 700 left) and
        // the snapshot (100, 600 left) of the episode 3 h old. Camera b (300) is within the limit.
        var deleted = new MediaRetention(new MediaRetention.Database(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword()),
                store, 7 * day, 650).runOnce(now);
        assertThat(deleted).extracting(RetentionPlanner.Item::ts)
                .containsExactly(now - 10 * day, now - 10 * day, now - 3 * 3_600_000L, now - 3 * 3_600_000L);
        assertThat(stack.count(db, "SELECT sum(bytes) FROM (SELECT camera_id, bytes FROM snapshots UNION ALL SELECT camera_id, bytes FROM clips) m WHERE camera_id = 'a'"))
                .isEqualTo(600);
        assertThat(stack.count(db, "SELECT count(*) FROM snapshots")).isEqualTo(3);
        assertThat(stack.count(db, "SELECT count(*) FROM clips")).isEqualTo(3);
        // Episodes whose snapshot went no longer point at it; the others still do.
        assertThat(stack.count(db, "SELECT count(*) FROM episodes WHERE snapshot_uri IS NOT NULL")).isEqualTo(3);
        assertThat(stack.count(db, "SELECT count(*) FROM episodes e JOIN snapshots s ON s.episode_id = e.id WHERE e.snapshot_uri = s.uri")).isEqualTo(3);
        // Rows and files agree: every row's files exist, and every file left has a row.
        List<String> rowFiles = new ArrayList<>();
        try (Connection c = stack.connect(db); var st = c.createStatement();
             var r = st.executeQuery("SELECT uri FROM snapshots UNION ALL SELECT thumbnail_uri FROM snapshots UNION ALL SELECT uri FROM clips")) {
            while (r.next()) rowFiles.add(Path.of(java.net.URI.create(r.getString(1))).toString());
        }
        List<String> files;
        try (var w = Files.walk(root)) {
            files = w.filter(Files::isRegularFile).map(Path::toString).toList();
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(rowFiles).hasSize(9);
        // A second run finds nothing more to do.
        assertThat(new MediaRetention(new MediaRetention.Database(stack.jdbcUrl(db), stack.jdbcUser(), stack.jdbcPassword()),
                store, 7 * day, 650).runOnce(now)).isEmpty();
    }

    /** One episode with a snapshot (snapshotBytes, split between the picture and its thumbnail) and a clip. */
    private static void add(Connection c, MediaStore store, String camera, long ts, int snapshotBytes, int clipBytes) throws Exception {
        UUID id = UUID.randomUUID();
        String folder = io.argus.media.MediaLayout.folder(camera, ts, id.toString());
        store.write(folder + "snapshot.jpg", new byte[snapshotBytes - 10]);
        store.write(folder + "thumbnail.jpg", new byte[10]);
        store.write(folder + "clip.mp4", new byte[clipBytes]);
        String snap = store.uri(folder + "snapshot.jpg");
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO episodes (id, camera_id, model_id, track_id, label, started_at, ended_at, status, frames, peak_confidence,
                                      best_frame_id, snapshot_uri)
                VALUES (?, ?, 'm', 1, 'person', ?, ?, 'closed', 3, 0.9, 1, ?)""")) {
            ps.setObject(1, id);
            ps.setString(2, camera);
            ps.setTimestamp(3, new Timestamp(ts));
            ps.setTimestamp(4, new Timestamp(ts + 1000));
            ps.setString(5, snap);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO snapshots (episode_id, camera_id, model_id, ts, frame_id, labels, confidence, x, y, w, h, uri, thumbnail_uri, bytes, final)
                VALUES (?, ?, 'm', ?, 1, '{person}', 0.9, 0, 0, 1, 1, ?, ?, ?, true)""")) {
            ps.setObject(1, id);
            ps.setString(2, camera);
            ps.setTimestamp(3, new Timestamp(ts));
            ps.setString(4, snap);
            ps.setString(5, store.uri(folder + "thumbnail.jpg"));
            ps.setLong(6, snapshotBytes);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO clips (episode_id, camera_id, model_id, start_ts, duration_ms, frames, labels, uri, codec, bytes)
                VALUES (?, ?, 'm', ?, 1000, 2, '{person}', ?, 'mpeg4', ?)""")) {
            ps.setObject(1, id);
            ps.setString(2, camera);
            ps.setTimestamp(3, new Timestamp(ts));
            ps.setString(4, store.uri(folder + "clip.mp4"));
            ps.setLong(5, clipBytes);
            ps.executeUpdate();
        }
    }
}
