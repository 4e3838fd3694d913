package io.argus.models;

import io.argus.vision.Detection;
import io.argus.vision.NonMaxSuppression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a shadow model agrees with the active one on one frame, per label: each side's detections
 * and confidence sums, and how many shadow boxes match an active box of the same label (greedy, the
 * most confident shadow box first, each active box matched at most once, IoU at least {@link #MATCH_IOU}).
 */
public final class DetectionAgreement {
    /** The overlap at which two boxes are the same object: the usual detection-benchmark threshold. */
    public static final float MATCH_IOU = 0.5f;

    /** One label's counts on one frame. */
    public record Label(int activeDetections, double activeConfidenceSum, int shadowDetections, double shadowConfidenceSum, int matched) {}

    private DetectionAgreement() {}

    /** Per label, in label order; labels neither model found are absent. */
    public static Map<String, Label> compare(List<Detection> active, List<Detection> shadow) {
        Map<String, List<Detection>> a = byLabel(active), s = byLabel(shadow);
        Map<String, Label> out = new TreeMap<>();
        for (String label : union(a, s)) {
            List<Detection> al = a.getOrDefault(label, List.of()), sl = new ArrayList<>(s.getOrDefault(label, List.of()));
            sl.sort(Comparator.comparingDouble((Detection d) -> -d.confidence));
            boolean[] used = new boolean[al.size()];
            int matched = 0;
            for (Detection d : sl) {
                NonMaxSuppression.Box box = d.box();
                int best = -1;
                float bestIou = MATCH_IOU;
                for (int i = 0; i < al.size(); i++) {
                    if (used[i]) continue;
                    float iou = NonMaxSuppression.iou(box, al.get(i).box());
                    if (iou >= bestIou) {
                        best = i;
                        bestIou = iou;
                    }
                }
                if (best >= 0) {
                    used[best] = true;
                    matched++;
                }
            }
            out.put(label, new Label(al.size(), sum(al), sl.size(), sum(sl), matched));
        }
        return out;
    }

    private static Map<String, List<Detection>> byLabel(List<Detection> ds) {
        Map<String, List<Detection>> m = new TreeMap<>();
        for (Detection d : ds) m.computeIfAbsent(d.label, k -> new ArrayList<>()).add(d);
        return m;
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> u = new java.util.TreeSet<>(a.keySet());
        u.addAll(b.keySet());
        return u;
    }

    private static double sum(List<Detection> ds) {
        double s = 0;
        for (Detection d : ds) s += d.confidence;
        return s;
    }
}
