package io.argus.udf.inference;

import io.argus.frame.InferenceResult;
import io.argus.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.MapFunction;

/** Drops detections whose label a camera does not keep (its {@code labels} in the cameras file). */
public class CameraLabelFilter implements MapFunction<InferenceResult, InferenceResult> {
    private final Map<String, Set<String>> allowed;

    public CameraLabelFilter(Map<String, Set<String>> allowed) {
        this.allowed = Map.copyOf(allowed);
    }

    @Override
    public InferenceResult map(InferenceResult r) {
        Set<String> keep = allowed.get(r.cameraId());
        if (keep == null) return r;
        List<Detection> out = new ArrayList<>(r.detections.size());
        for (Detection d : r.detections) if (keep.contains(d.label)) out.add(d);
        r.detections = out;
        return r;
    }
}
