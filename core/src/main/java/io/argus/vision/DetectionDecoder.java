package io.argus.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a detector's raw output tensor for one image into detections in normalised source
 * coordinates. Implementations differ by output layout; the threshold, NMS and mapping are shared.
 */
public abstract class DetectionDecoder {
    /** Boxes dropped because a coordinate or score was not a number (a broken model); see {@link #rejected()}. */
    private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();

    /** Thresholds for decoding. */
    public record Options(float confidenceThreshold, float iouThreshold, int maxDetections) {
        public static Options defaults() {
            return new Options(0.25f, 0.45f, 300);
        }
    }

    /** The candidates (model-input pixel corners) above the threshold, before NMS. */
    protected abstract List<NonMaxSuppression.Box> candidates(float[] output, long[] shape, float threshold);

    /** Whether this layout still needs NMS (end-to-end models have done it in the graph). */
    protected boolean needsNms() {
        return true;
    }

    public final List<Detection> decode(float[] output, long[] shape, LetterboxGeometry g, List<String> labels, Options o) {
        List<NonMaxSuppression.Box> boxes = candidates(output, shape, o.confidenceThreshold());
        if (needsNms()) boxes = NonMaxSuppression.apply(boxes, o.iouThreshold(), o.maxDetections());
        List<Detection> out = new ArrayList<>(boxes.size());
        for (NonMaxSuppression.Box b : boxes) {
            float x1 = g.toSourceX(b.x1()), y1 = g.toSourceY(b.y1());
            float x2 = g.toSourceX(b.x2()), y2 = g.toSourceY(b.y2());
            // Not numbers at all: a broken model's NaN must never reach a row; counted, not silent.
            if (!Float.isFinite(x1 + y1 + x2 + y2) || !Float.isFinite(b.score())) {
                rejected.incrementAndGet();
                continue;
            }
            if (!(x2 > x1 && y2 > y1)) continue; // entirely in the letterbox padding
            String label = b.classId() < labels.size() ? labels.get(b.classId()) : "class" + b.classId();
            out.add(new Detection(b.classId(), label, b.score(),
                    x1 / g.sourceWidth(), y1 / g.sourceHeight(), (x2 - x1) / g.sourceWidth(), (y2 - y1) / g.sourceHeight()));
        }
        return out;
    }

    /** How many boxes this decoder dropped for non-numeric values so far. */
    public long rejected() {
        return rejected.get();
    }

    /** Picks the decoder for a layout name: {@code yolov8}, {@code yolov5} or {@code end2end}. */
    public static DetectionDecoder forLayout(String layout) {
        return switch (layout) {
            case "yolov8" -> new YoloV8Decoder();
            case "yolov5" -> new YoloV5Decoder();
            case "end2end" -> new EndToEndDecoder();
            default -> throw new IllegalArgumentException(
                    "unknown output layout '" + layout + "' (expected yolov8, yolov5 or end2end)");
        };
    }
}
