package io.argus.udf.media;

import io.argus.frame.Frame;
import io.argus.media.SnapshotRow;
import io.argus.tracking.Episode;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs {@link EpisodeMediaFunction} and emits the rows of its finished writes before each checkpoint
 * barrier and at the end of input (a function alone cannot emit at those points).
 */
public class EpisodeMediaOperator extends KeyedCoProcessOperator<String, Frame, Episode, SnapshotRow> {
    private static final long serialVersionUID = 1L;

    public EpisodeMediaOperator(EpisodeMediaFunction fn) {
        super(fn);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() throws InterruptedException {
        ((EpisodeMediaFunction) userFunction).awaitAndDrain(
                s -> output.collect(new StreamRecord<>(s)),
                c -> output.collect(EpisodeMediaFunction.CLIPS, new StreamRecord<>(c)));
    }
}
