package io.argus.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.vision.ImageDecoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real renderer and the real FFmpeg encoder on generated frames. */
class MediaEncodingTest {
    private static byte[] frame(int w, int h, int shade) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(shade, shade, shade));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return SnapshotRenderer.jpeg(img, 0.9f);
    }

    @Test
    void snapshotShowsTheBoxAndTheThumbnailIsTheObject() throws Exception {
        SnapshotRenderer.Rendered r = SnapshotRenderer.render(frame(640, 480, 128), 0.25f, 0.25f, 0.5f, 0.5f, "person", 0.87f);
        BufferedImage snap = ImageDecoder.decode(r.snapshot());
        assertThat(snap.getWidth()).isEqualTo(640);
        // The box's left edge at x = 160, half-way down: green (JPEG-lossy), the centre stays grey.
        Color edge = new Color(snap.getRGB(160, 240));
        assertThat(edge.getGreen() - edge.getRed()).isGreaterThan(60);
        assertThat(edge.getGreen() - edge.getBlue()).isGreaterThan(60);
        Color centre = new Color(snap.getRGB(320, 240));
        assertThat(Math.abs(centre.getGreen() - centre.getRed())).isLessThan(20);
        // Thumbnail: the 320x240 box plus a quarter on each side (480x360), scaled to 320 wide (ThumbnailCrop).
        BufferedImage thumb = ImageDecoder.decode(r.thumbnail());
        assertThat(thumb.getWidth()).isEqualTo(320);
        assertThat(thumb.getHeight()).isEqualTo(240);
    }

    @Test
    void clipDecodesWithItsFramesAndDuration(@TempDir Path dir) throws Exception {
        List<BufferedFrame> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) fs.add(new BufferedFrame(1_000 + i * 500L, i, frame(320, 240, 20 * i)));
        ClipPlan plan = ClipPlan.of(fs, 1000);
        String encoder = ClipEncoder.pickEncoder(List.of("libx264", "libopenh264", "mpeg4"));
        Path mp4 = dir.resolve("c.mp4");
        assertThat(ClipEncoder.encode(plan, encoder, mp4)).isEqualTo(10);
        assertThat(Files.size(mp4)).isPositive();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
            g.start();
            assertThat(g.getImageWidth()).isEqualTo(320);
            int frames = 0;
            for (Frame f; (f = g.grabImage()) != null; ) frames++;
            assertThat(frames).isEqualTo(10);
            // 10 frames, 0.5 s apart, the last shown 0.5 s: 5 s, within one frame interval.
            assertThat(plan.durationMs()).isEqualTo(5_000);
            assertThat(Math.abs(g.getLengthInTime() / 1000 - 5_000)).isLessThanOrEqualTo(500);
            g.stop();
        }
        // Faststart: the index box (moov) comes before the frames (mdat).
        String boxes = new String(Files.readAllBytes(mp4), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(boxes.indexOf("moov")).isPositive().isLessThan(boxes.indexOf("mdat"));
    }
}
