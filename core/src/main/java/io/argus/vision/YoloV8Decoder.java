package io.argus.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv8 / YOLO11 layout: {@code [1, 4 + C, N]}, rows cx, cy, w, h then C class scores
 * (already sigmoid, no objectness), column-major per anchor.
 */
public final class YoloV8Decoder extends DetectionDecoder {
    @Override
    protected List<NonMaxSuppression.Box> candidates(float[] out, long[] shape, float threshold) {
        if (shape.length != 3 || shape[1] < 5) {
            throw new IllegalArgumentException("YOLOv8 output must be [1, 4+C, N], got " + java.util.Arrays.toString(shape));
        }
        int rows = (int) shape[1], n = (int) shape[2], classes = rows - 4;
        List<NonMaxSuppression.Box> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int best = -1;
            float bestScore = threshold;
            for (int c = 0; c < classes; c++) {
                float s = out[(4 + c) * n + i];
                if (s >= bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            if (best < 0) continue;
            float cx = out[i], cy = out[n + i], w = out[2 * n + i], h = out[3 * n + i];
            boxes.add(new NonMaxSuppression.Box(best, bestScore, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return boxes;
    }
}
