package io.argus.job;

import io.argus.cli.Flags;
import io.argus.inference.InferenceOptions;
import io.argus.inference.OnnxDetector;
import io.argus.vision.Detection;
import io.argus.vision.DetectionDecoder;
import io.argus.vision.ImageDecoder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code ./argus detect}: the job's own preprocessing, model and decoding on still images, one line
 * per detection, so users can check a model before they deploy it.
 */
public final class DetectMain {
    public static final Flags FLAGS = new Flags("usage: ./argus detect [flags] IMAGE...", """
            The job's own preprocessing, model and decoding on still images. Prints one line per detection:
            file, label, confidence, box in pixels (x, y, width, height).""")
            .option("model", "FILE", "ONNX detector (default for ./argus: the bundled YOLOv8n)")
            .option("confidence", "C", "confidence threshold (default " + DetectionDecoder.Options.defaults().confidenceThreshold() + ")")
            .option("iou", "I", "NMS IoU threshold (default " + DetectionDecoder.Options.defaults().iouThreshold() + ")")
            .option("layout", "L", "output layout: auto, yolov8, yolov5, end2end (default auto)")
            .option("annotate", "DIR", "also write a copy of each image with its boxes drawn into DIR")
            .renamed("conf", "confidence")
            .positionals("IMAGE");

    private DetectMain() {}

    public static void main(String[] args) {
        Flags.main(FLAGS, args, DetectMain::run);
    }

    static int run(Flags.Parsed p) throws Exception {
        DetectionDecoder.Options defaults = DetectionDecoder.Options.defaults();
        String model = p.required("model"), annotate = p.get("annotate", null), layout = p.get("layout", "auto");
        Float c = p.decimal("confidence"), i = p.decimal("iou");
        float conf = c != null ? c : defaults.confidenceThreshold(), iou = i != null ? i : defaults.iouThreshold();
        List<Path> images = new ArrayList<>();
        for (String a : p.positional()) {
            Path f = Path.of(a);
            if (!Files.isRegularFile(f)) throw new Flags.UsageError("no image file at " + f);
            images.add(f);
        }
        if (images.isEmpty()) throw new Flags.UsageError("give at least one IMAGE");
        InferenceOptions o = InferenceOptions.builder(model).layout(layout).confidenceThreshold(conf).iouThreshold(iou)
                .batchSize(1).batchMaxWaitMs(0).build();
        if (annotate != null) Files.createDirectories(Path.of(annotate));
        try (OnnxDetector detector = new OnnxDetector(o)) {
            for (Path f : images) {
                BufferedImage img;
                try {
                    img = ImageDecoder.read(f);
                } catch (Exception e) {
                    System.out.println(f + "\terror\t" + e.getMessage());
                    continue;
                }
                long t0 = System.nanoTime();
                List<Detection> dets = detector.detect(img);
                double ms = (System.nanoTime() - t0) / 1e6;
                for (Detection det : dets) {
                    System.out.printf(Locale.ROOT, "%s\t%s\t%.3f\t%d\t%d\t%d\t%d%n", f, det.label, det.confidence,
                            Math.round(det.x * img.getWidth()), Math.round(det.y * img.getHeight()),
                            Math.round(det.w * img.getWidth()), Math.round(det.h * img.getHeight()));
                }
                System.err.printf(Locale.ROOT, "%s: %d objects, %.0f ms%n", f, dets.size(), ms);
                if (annotate != null) {
                    Path out = Path.of(annotate, f.getFileName().toString().replaceAll("\\.[^.]*$", "") + ".jpg");
                    ImageIO.write(draw(img, dets), "jpeg", out.toFile());
                }
            }
        }
        return 0;
    }

    /** A copy of the image with each box and its label drawn. */
    public static BufferedImage draw(BufferedImage src, List<Detection> dets) {
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.setStroke(new BasicStroke(Math.max(2f, src.getWidth() / 320f)));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, src.getWidth() / 50)));
        for (Detection d : dets) {
            Color c = Color.getHSBColor((d.classId * 0.137f) % 1f, 0.9f, 1f);
            g.setColor(c);
            int x = Math.round(d.x * src.getWidth()), y = Math.round(d.y * src.getHeight());
            g.drawRect(x, y, Math.round(d.w * src.getWidth()), Math.round(d.h * src.getHeight()));
            g.drawString(String.format(Locale.ROOT, "%s %.2f", d.label, d.confidence), x + 3, Math.max(g.getFont().getSize(), y - 4));
        }
        g.dispose();
        return img;
    }
}
