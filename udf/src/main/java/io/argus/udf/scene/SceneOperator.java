package io.argus.udf.scene;

import io.argus.frame.InferenceResult;
import io.argus.tracking.Episode;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/** Runs a {@link SceneFunction} and writes its changed scenes to keyed state just before each checkpoint barrier. */
public final class SceneOperator extends KeyedProcessOperator<String, InferenceResult, Episode> {
    private static final long serialVersionUID = 1L;

    public SceneOperator(SceneFunction function) {
        super(function);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        Object current = getCurrentKey();
        ((SceneFunction) userFunction).flush(this::setCurrentKey);
        if (current != null) setCurrentKey(current);
    }
}
