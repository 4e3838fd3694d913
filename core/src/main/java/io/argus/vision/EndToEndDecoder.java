package io.argus.vision;

import java.util.ArrayList;
import java.util.List;

/**
 * NMS-free layout of YOLOv10 and RT-DETR exports: {@code [1, K, 6]}, rows x1, y1, x2, y2, score,
 * class id, in model-input pixels. The graph already suppressed duplicates.
 */
public final class EndToEndDecoder extends DetectionDecoder {
    @Override
    protected List<NonMaxSuppression.Box> candidates(float[] out, long[] shape, float threshold) {
        if (shape.length != 3 || shape[2] != 6) {
            throw new IllegalArgumentException("end-to-end output must be [1, K, 6], got " + java.util.Arrays.toString(shape));
        }
        int k = (int) shape[1];
        List<NonMaxSuppression.Box> boxes = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int o = i * 6;
            float score = out[o + 4];
            if (score < threshold) continue;
            boxes.add(new NonMaxSuppression.Box(Math.round(out[o + 5]), score, out[o], out[o + 1], out[o + 2], out[o + 3]));
        }
        return boxes;
    }

    @Override
    protected boolean needsNms() {
        return false;
    }
}
