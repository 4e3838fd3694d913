package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.vision.ImageDecoder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** What every closed episode's snapshot and clip must be, checked against the files and recomputed with SQL. */
final class EpisodeMediaChecks {
    private EpisodeMediaChecks() {}

    static void assertEveryClosedEpisodeHasMedia(LocalStack stack, String db, String camera, long preRollMs, long postRollMs,
            long frameIntervalMs) throws Exception {
        int episodes = 0;
        try (Connection c = stack.connect(db); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("""
                     SELECT e.id, e.snapshot_uri, s.uri, s.thumbnail_uri, s.final, s.x, s.y, s.w, s.h, s.frame_id, e.best_frame_id, s.labels[1], e.label,
                            cl.uri, cl.frames, cl.duration_ms, cl.codec, cl.start_ts,
                            (SELECT count(*) FROM ai_events a WHERE a.camera_id = e.camera_id
                               AND a.ts BETWEEN e.started_at - make_interval(secs => %1$d / 1000.0) AND e.ended_at + make_interval(secs => %2$d / 1000.0)),
                            (SELECT extract(epoch FROM max(a.ts) - min(a.ts)) * 1000 FROM ai_events a WHERE a.camera_id = e.camera_id
                               AND a.ts BETWEEN e.started_at - make_interval(secs => %1$d / 1000.0) AND e.ended_at + make_interval(secs => %2$d / 1000.0)),
                            s.bytes, cl.bytes
                     FROM episodes e LEFT JOIN snapshots s ON s.episode_id = e.id LEFT JOIN clips cl ON cl.episode_id = e.id
                     WHERE e.status = 'closed' AND e.camera_id = '%3$s'""".formatted(preRollMs, postRollMs, camera))) {
            while (r.next()) {
                episodes++;
                String id = r.getString(1);
                // Snapshot: final, of the episode's best frame, referenced from the episode row.
                assertThat(r.getString(3)).as("snapshot of %s", id).isNotNull();
                assertThat(r.getString(2)).as("episode %s references its snapshot", id).isEqualTo(r.getString(3));
                assertThat(r.getBoolean(5)).as("final snapshot of %s", id).isTrue();
                assertThat(r.getLong(10)).isEqualTo(r.getLong(11));
                assertThat(r.getString(12)).isEqualTo(r.getString(13));
                Path snap = Path.of(URI.create(r.getString(3)));
                Path thumb = Path.of(URI.create(r.getString(4)));
                assertThat(Files.size(snap) + Files.size(thumb)).isEqualTo(r.getLong(21));
                BufferedImage img = ImageDecoder.decode(Files.readAllBytes(snap));
                BufferedImage t = ImageDecoder.decode(Files.readAllBytes(thumb));
                assertThat(Math.min(t.getWidth(), t.getHeight())).as("short side of the thumbnail of %s", id)
                        .isGreaterThanOrEqualTo(io.argus.media.ThumbnailCrop.MIN);
                assertBoxDrawn(img, r.getFloat(6), r.getFloat(7), r.getFloat(8), r.getFloat(9), id);
                // Clip: the frames Argus saw from pre-roll to post-roll, decodable, as long as they span.
                assertThat(r.getString(14)).as("clip of %s", id).isNotNull();
                long expectedFrames = r.getLong(19);
                long expectedMs = Math.round(r.getDouble(20)) + frameIntervalMs;
                assertThat(r.getInt(15)).as("frames of the clip of %s", id).isEqualTo(expectedFrames);
                assertThat(r.getLong(16)).as("duration of the clip of %s", id).isEqualTo(expectedMs);
                Path clip = Path.of(URI.create(r.getString(14)));
                assertThat(Files.size(clip)).isEqualTo(r.getLong(22));
                String boxes = new String(Files.readAllBytes(clip), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(boxes.indexOf("moov")).as("index before the frames in the clip of %s", id).isPositive().isLessThan(boxes.indexOf("mdat"));
                try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
                    g.start();
                    int decoded = 0;
                    while (g.grabImage() != null) decoded++;
                    assertThat(decoded).as("decoded frames of %s", id).isEqualTo(expectedFrames);
                    assertThat(Math.abs(g.getLengthInTime() / 1000 - expectedMs)).as("duration of %s (ms)", id)
                            .isLessThanOrEqualTo(frameIntervalMs);
                    g.stop();
                }
            }
        }
        assertThat(episodes).isPositive();
    }

    /** The box's left, right and bottom edges (the label may sit on the top one), sampled at their midpoints, are green. */
    private static void assertBoxDrawn(BufferedImage img, float x, float y, float w, float h, String id) {
        int iw = img.getWidth(), ih = img.getHeight();
        int bx = Math.round(x * iw), by = Math.round(y * ih), bw = Math.round(w * iw), bh = Math.round(h * ih);
        int[][] points = {{bx + 1, by + bh / 2}, {bx + bw - 2, by + bh / 2}, {bx + bw / 2, by + bh - 2}};
        for (int[] p : points) {
            Color c = new Color(img.getRGB(Math.min(iw - 1, Math.max(0, p[0])), Math.min(ih - 1, Math.max(0, p[1]))));
            assertThat(c.getGreen() - Math.max(c.getRed(), c.getBlue())).as("box edge of %s at %d,%d: %s", id, p[0], p[1], c).isGreaterThan(60);
        }
    }
}
