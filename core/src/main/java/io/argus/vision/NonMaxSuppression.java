package io.argus.vision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Class-wise greedy non-maximum suppression over boxes in any one coordinate space. */
public final class NonMaxSuppression {
    private NonMaxSuppression() {}

    /** A candidate box as corners (x1, y1, x2, y2). */
    public record Box(int classId, float score, float x1, float y1, float x2, float y2) {
        float area() {
            return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        }
    }

    public static float iou(Box a, Box b) {
        float ix = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        float iy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (ix <= 0 || iy <= 0) return 0f;
        float inter = ix * iy;
        float union = a.area() + b.area() - inter;
        return union <= 0 ? 0f : inter / union;
    }

    /**
     * Keeps, per class, the highest-scoring boxes that overlap no kept box by more than
     * {@code iouThreshold}; returns at most {@code maxDetections}, highest score first.
     */
    public static List<Box> apply(List<Box> candidates, float iouThreshold, int maxDetections) {
        List<Box> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble((Box b) -> b.score).reversed());
        List<Box> kept = new ArrayList<>();
        for (Box c : sorted) {
            if (kept.size() >= maxDetections) break;
            boolean suppressed = false;
            for (Box k : kept) {
                if (k.classId == c.classId && iou(k, c) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) kept.add(c);
        }
        return kept;
    }
}
