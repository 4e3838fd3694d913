package io.argus.udf.inference;

import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Drops detections whose label a camera does not keep: the labels its frame's copy carries (the cameras
 * file's {@code labels}, or the control topic's last assign).
 */
public class CameraLabelFilter implements MapFunction<InferenceResult, InferenceResult> {
    @Override
    public InferenceResult map(InferenceResult r) {
        if (r.model == null || r.model.labels().isEmpty()) return r;
        Set<String> keep = Set.copyOf(r.model.labels());
        List<Detection> out = new ArrayList<>(r.detections.size());
        for (Detection d : r.detections) if (keep.contains(d.label)) out.add(d);
        r.detections = out;
        return r;
    }
}
