package io.argus.udf.media;

import io.argus.media.RetentionPlanner;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old media: reads every snapshot and clip row, asks {@link RetentionPlanner} which go
 * (older than the age limit, or beyond a camera's size limit, oldest first), and for each deletes its
 * files, then its row (and the episode's reference to a snapshot) in one transaction. A file that
 * cannot be deleted keeps its row, so rows never point at nothing and files never lose their row
 * (except the moment between the two steps: a crash there leaves a row whose file is gone, and
 * the next run deletes that row).
 */
public final class MediaRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRetention.class);

    /** Where the media rows are. */
    public record Database(String url, String user, String password) implements Serializable {
        @Override
        public String toString() {
            return "Database[" + url + "]"; // never the password
        }
    }

    private final Database db;
    private final MediaStore store;
    private final long maxAgeMs;
    private final long maxBytesPerCamera;
    private final Counter deleted;
    private final Counter failures;
    private ScheduledExecutorService timer;

    public MediaRetention(Database db, MediaStore store, long maxAgeMs, long maxBytesPerCamera, Counter deleted, Counter failures) {
        this.db = db;
        this.store = store;
        this.maxAgeMs = maxAgeMs;
        this.maxBytesPerCamera = maxBytesPerCamera;
        this.deleted = deleted;
        this.failures = failures;
    }

    public MediaRetention(Database db, MediaStore store, long maxAgeMs, long maxBytesPerCamera) {
        this(db, store, maxAgeMs, maxBytesPerCamera, new SimpleCounter(), new SimpleCounter());
    }

    /** Runs {@link #runOnce} every {@code intervalMs} on its own thread; a failed run is counted and retried next time. */
    public void schedule(long intervalMs) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "argus-media-retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                runOnce(System.currentTimeMillis());
            } catch (SQLException | RuntimeException e) {
                failures.inc();
                LOG.warn("media retention run failed (next run in {} ms): {}", intervalMs, e.toString());
            }
        }, Math.min(intervalMs, 60_000), intervalMs, TimeUnit.MILLISECONDS);
    }

    /** One pass; returns the items deleted, oldest first. */
    public List<RetentionPlanner.Item> runOnce(long now) throws SQLException {
        List<RetentionPlanner.Item> done = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            List<RetentionPlanner.Item> items = new ArrayList<>();
            java.util.Map<RetentionPlanner.Item, List<String>> files = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT 'snapshot', episode_id::text, camera_id, ts, bytes, uri, thumbnail_uri FROM snapshots
                    UNION ALL
                    SELECT 'clip', episode_id::text, camera_id, start_ts, bytes, uri, NULL FROM clips""");
                 ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    RetentionPlanner.Item i = new RetentionPlanner.Item(r.getString(1), r.getString(2), r.getString(3),
                            r.getTimestamp(4).getTime(), r.getLong(5));
                    items.add(i);
                    List<String> fs = new ArrayList<>();
                    fs.add(r.getString(6));
                    if (r.getString(7) != null) fs.add(r.getString(7));
                    files.put(i, fs);
                }
            }
            for (RetentionPlanner.Item i : RetentionPlanner.plan(items, now, maxAgeMs, maxBytesPerCamera)) {
                try {
                    for (String f : files.get(i)) store.delete(f);
                    deleteRow(c, i);
                    for (String f : files.get(i)) store.deleteFolderIfEmpty(f);
                    deleted.inc();
                    done.add(i);
                } catch (java.io.IOException | SQLException e) {
                    failures.inc();
                    LOG.warn("media retention could not delete the {} of episode {}: {}", i.kind(), i.episodeId(), e.toString());
                }
            }
        }
        if (!done.isEmpty()) LOG.info("media retention deleted {} items", done.size());
        return done;
    }

    private static void deleteRow(Connection c, RetentionPlanner.Item i) throws SQLException {
        c.setAutoCommit(false);
        try {
            UUID id = UUID.fromString(i.episodeId());
            if (i.kind().equals("snapshot")) {
                exec(c, "DELETE FROM snapshots WHERE episode_id = ?", id);
                exec(c, "UPDATE episodes SET snapshot_uri = NULL WHERE id = ?", id);
            } else {
                exec(c, "DELETE FROM clips WHERE episode_id = ?", id);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void exec(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
