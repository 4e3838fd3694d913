package io.argus.udf.models;

import io.argus.frame.InferenceResult;
import io.argus.models.DetectionAgreement;
import io.argus.vision.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Compares each shadow model with the active model it would replace, frame by frame, per label
 * ({@link DetectionAgreement}), keyed by camera. The copies of a frame leave inference one after the
 * other (one inference subtask, in order), so a camera holds at most one frame's copies here; a frame
 * whose copies do not all arrive (a copy that failed, a restart between copies) is counted and not compared.
 */
public class ShadowComparisonFunction extends KeyedProcessFunction<String, InferenceResult, ModelComparisonRow> {
    /** The copies of the camera's current frame that have arrived (detections only). */
    private transient ListState<InferenceResult> copies;
    private transient Counter compared, notCompared;

    @Override
    public void open(OpenContext ctx) {
        copies = getRuntimeContext().getListState(new ListStateDescriptor<>("frame-copies", TypeInformation.of(InferenceResult.class)));
        var g = getRuntimeContext().getMetricGroup().addGroup("argus");
        compared = g.counter("shadowFramesCompared");
        notCompared = g.counter("shadowFramesNotCompared");
    }

    /** Whether a result takes part: a frame (not a progress marker) that has shadow copies. */
    public static boolean compared(InferenceResult r) {
        return !r.tick && r.model != null && r.model.shadowed();
    }

    @Override
    public void processElement(InferenceResult r, Context ctx, Collector<ModelComparisonRow> out) throws Exception {
        List<InferenceResult> have = new ArrayList<>();
        for (InferenceResult c : copies.get()) have.add(c);
        if (!have.isEmpty() && have.get(0).frameId() != r.frameId()) {
            notCompared.inc(); // the previous frame's copies never all came
            have.clear();
        }
        InferenceResult kept = new InferenceResult();
        kept.envelope = r.envelope;
        kept.model = r.model;
        kept.modelId = r.modelId;
        kept.failure = r.failure;
        kept.detections = r.detections;
        have.add(kept);
        if (have.size() < r.model.copies()) {
            copies.update(have);
            return;
        }
        copies.clear();
        if (have.stream().anyMatch(c -> !c.ok())) {
            notCompared.inc();
            return;
        }
        for (InferenceResult s : have) {
            if (!s.shadow()) continue;
            InferenceResult a = have.stream().filter(c -> !c.shadow() && c.modelId.equals(s.model.comparedWith())).findFirst().orElse(null);
            if (a == null) continue;
            List<String> labels = s.model.labels();
            for (Map.Entry<String, DetectionAgreement.Label> e : DetectionAgreement.compare(kept(a.detections, labels), kept(s.detections, labels)).entrySet()) {
                ModelComparisonRow row = new ModelComparisonRow();
                row.cameraId = s.cameraId();
                row.ts = s.captureTs();
                row.frameId = s.frameId();
                row.shadowModelId = s.modelId;
                row.activeModelId = a.modelId;
                row.label = e.getKey();
                DetectionAgreement.Label l = e.getValue();
                row.activeDetections = l.activeDetections();
                row.activeConfidenceSum = l.activeConfidenceSum();
                row.shadowDetections = l.shadowDetections();
                row.shadowConfidenceSum = l.shadowConfidenceSum();
                row.matched = l.matched();
                out.collect(row);
            }
        }
        compared.inc();
    }

    private static List<Detection> kept(List<Detection> ds, List<String> labels) {
        if (labels.isEmpty()) return ds;
        List<Detection> out = new ArrayList<>(ds.size());
        for (Detection d : ds) if (labels.contains(d.label)) out.add(d);
        return out;
    }
}
