package io.argus.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv5 / YOLOv7 layout: {@code [1, N, 5 + C]}, rows cx, cy, w, h, objectness, then C class
 * probabilities; a candidate's confidence is objectness times its best class probability.
 */
public final class YoloV5Decoder extends DetectionDecoder {
    @Override
    protected List<NonMaxSuppression.Box> candidates(float[] out, long[] shape, float threshold) {
        if (shape.length != 3 || shape[2] < 6) {
            throw new IllegalArgumentException("YOLOv5 output must be [1, N, 5+C], got " + java.util.Arrays.toString(shape));
        }
        int n = (int) shape[1], stride = (int) shape[2], classes = stride - 5;
        List<NonMaxSuppression.Box> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int o = i * stride;
            float obj = out[o + 4];
            if (obj < threshold) continue;
            int best = -1;
            float bestScore = threshold;
            for (int c = 0; c < classes; c++) {
                float s = obj * out[o + 5 + c];
                if (s >= bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            if (best < 0) continue;
            float cx = out[o], cy = out[o + 1], w = out[o + 2], h = out[o + 3];
            boxes.add(new NonMaxSuppression.Box(best, bestScore, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return boxes;
    }
}
