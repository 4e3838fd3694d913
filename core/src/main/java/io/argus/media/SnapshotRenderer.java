package io.argus.media;

import io.argus.vision.ImageDecoder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Draws an episode's box on its best frame and cuts a thumbnail around the object ({@link ThumbnailCrop}); both as JPEG. */
public final class SnapshotRenderer {
    /** The colour of the drawn box (pure green, so tests can find it in the decoded image). */
    public static final Color BOX = new Color(0, 255, 0);
    public record Rendered(byte[] snapshot, byte[] thumbnail) {}

    private SnapshotRenderer() {}

    /** @param x,y,w,h the box, normalised 0..1 */
    public static Rendered render(byte[] jpeg, float x, float y, float w, float h, String label, float confidence) throws IOException {
        BufferedImage src = ImageDecoder.decode(jpeg);
        int iw = src.getWidth(), ih = src.getHeight();
        int bx = clamp(Math.round(x * iw), 0, iw - 1), by = clamp(Math.round(y * ih), 0, ih - 1);
        int bw = clamp(Math.round(w * iw), 1, iw - bx), bh = clamp(Math.round(h * ih), 1, ih - by);

        // Thumbnail first, from the clean frame.
        ThumbnailCrop c = ThumbnailCrop.of(iw, ih, bx, by, bw, bh);
        BufferedImage thumb = new BufferedImage(c.outW(), c.outH(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D tg = thumb.createGraphics();
        tg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        tg.drawImage(src, 0, 0, c.outW(), c.outH(), c.x(), c.y(), c.x() + c.w(), c.y() + c.h(), null);
        tg.dispose();

        BufferedImage out = new BufferedImage(iw, ih, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        int stroke = Math.max(3, Math.min(iw, ih) / 160);
        g.setColor(BOX);
        g.setStroke(new BasicStroke(stroke));
        g.drawRect(bx, by, bw - 1, bh - 1);
        try {
            drawLabel(g, String.format(Locale.ROOT, "%s %.0f%%", label, confidence * 100), bx, by, ih);
        } catch (RuntimeException | Error e) {
            // A host without fonts cannot draw text; the box alone is still a snapshot.
            if (e instanceof VirtualMachineError v) throw v;
        }
        g.dispose();
        return new Rendered(jpeg(out, 0.9f), jpeg(thumb, 0.85f));
    }

    private static void drawLabel(Graphics2D g, String text, int bx, int by, int ih) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, ih / 40)));
        var fm = g.getFontMetrics();
        int ty = by - fm.getHeight() >= 0 ? by - fm.getHeight() : by;
        g.fillRect(bx, ty, fm.stringWidth(text) + 6, fm.getHeight());
        g.setColor(Color.BLACK);
        g.drawString(text, bx + 3, ty + fm.getAscent());
    }

    public static byte[] jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream o = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(o);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
