package io.argus.job;

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
    static final String USAGE = """
            usage: ./argus detect [--model M] [--conf 0.25] [--iou 0.45] [--layout auto] [--annotate DIR] IMAGE...

            Prints one line per detection: file, label, confidence, box in pixels (x, y, width, height).
              --model M       ONNX detector (default: the bundled YOLOv8n)
              --conf C        confidence threshold (default 0.25)
              --iou I         NMS IoU threshold (default 0.45)
              --layout L      output layout: auto, yolov8, yolov5, end2end (default auto)
              --annotate DIR  also write a copy of each image with its boxes drawn into DIR
            """;

    private DetectMain() {}

    public static void main(String[] args) throws Exception {
        String model = null, annotate = null, layout = "auto";
        DetectionDecoder.Options defaults = DetectionDecoder.Options.defaults();
        float conf = defaults.confidenceThreshold(), iou = defaults.iouThreshold();
        List<Path> images = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    case "--model" -> model = value(args, ++i, "--model");
                    case "--conf" -> conf = Float.parseFloat(value(args, ++i, "--conf"));
                    case "--iou" -> iou = Float.parseFloat(value(args, ++i, "--iou"));
                    case "--layout" -> layout = value(args, ++i, "--layout");
                    case "--annotate" -> annotate = value(args, ++i, "--annotate");
                    default -> {
                        if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                        Path p = Path.of(args[i]);
                        if (!Files.isRegularFile(p)) throw new IllegalArgumentException("no image file at " + p);
                        images.add(p);
                    }
                }
            }
            if (images.isEmpty()) throw new IllegalArgumentException("give at least one IMAGE");
            if (model == null) throw new IllegalArgumentException("--model is required");
        } catch (IllegalArgumentException e) {
            System.err.println("argus: error: " + e.getMessage() + "\n\n" + USAGE);
            System.exit(2);
            return;
        }
        InferenceOptions o = InferenceOptions.builder(model).layout(layout).confidenceThreshold(conf).iouThreshold(iou)
                .batchSize(1).batchMaxWaitMs(0).build();
        if (annotate != null) Files.createDirectories(Path.of(annotate));
        try (OnnxDetector detector = new OnnxDetector(o)) {
            for (Path p : images) {
                BufferedImage img;
                try {
                    img = ImageDecoder.read(p);
                } catch (Exception e) {
                    System.out.println(p + "\terror\t" + e.getMessage());
                    continue;
                }
                long t0 = System.nanoTime();
                List<Detection> dets = detector.detect(img);
                double ms = (System.nanoTime() - t0) / 1e6;
                for (Detection det : dets) {
                    System.out.printf(Locale.ROOT, "%s\t%s\t%.3f\t%d\t%d\t%d\t%d%n", p, det.label, det.confidence,
                            Math.round(det.x * img.getWidth()), Math.round(det.y * img.getHeight()),
                            Math.round(det.w * img.getWidth()), Math.round(det.h * img.getHeight()));
                }
                System.err.printf(Locale.ROOT, "%s: %d objects, %.0f ms%n", p, dets.size(), ms);
                if (annotate != null) {
                    Path out = Path.of(annotate, p.getFileName().toString().replaceAll("\\.[^.]*$", "") + ".jpg");
                    ImageIO.write(draw(img, dets), "jpeg", out.toFile());
                }
            }
        }
    }

    private static String value(String[] a, int i, String opt) {
        if (i >= a.length) throw new IllegalArgumentException(opt + " needs a value");
        return a[i];
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
