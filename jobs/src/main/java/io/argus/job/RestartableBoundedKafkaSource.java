package io.argus.job;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

/**
 * A bounded Kafka source that also ends after a restore. The connector's split enumerator, when it is
 * restored from state (a start from a savepoint or checkpoint, a JobManager failover, a global restart;
 * not the restart of failed tasks, which keeps the running enumerator), finds all its partitions already
 * assigned and then never tells the readers that no more splits will come: they read to their stopping offsets and wait forever, and a bounded run (a backlog,
 * the demo) never ends (FLINK-31006; unfixed in the connector version this project uses).
 *
 * <p>This wraps the restored enumerator and watches its one partition discovery: when it ends without
 * new partitions (the case the connector leaves hanging), every reader, registered then or later, is
 * told that no more splits will come, after whatever the enumerator assigned it. When the discovery
 * finds partitions, the connector signals the end itself and this does nothing. Everything else, state
 * and serializers included, is the wrapped source's, so checkpoints and savepoints are unchanged.
 */
public final class RestartableBoundedKafkaSource<T> implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final KafkaSource<T> kafka;

    public RestartableBoundedKafkaSource(KafkaSource<T> kafka) {
        if (kafka.getBoundedness() != Boundedness.BOUNDED) {
            throw new IllegalArgumentException("a bounded KafkaSource is needed (setBounded): an unbounded one never ends anyway");
        }
        this.kafka = kafka;
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext readerContext) throws Exception {
        return kafka.createReader(readerContext);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context); // a fresh start signals the end correctly
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(SplitEnumeratorContext<KafkaPartitionSplit> context,
            KafkaSourceEnumState state) throws Exception {
        DiscoveryWatch watch = new DiscoveryWatch(context);
        return new EndSignallingEnumerator(kafka.restoreEnumerator(watch, state), watch);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }

    /**
     * The enumerator's context, noting whether its partition discovery (its first asynchronous call)
     * ended without scheduling split initialisation: then no split will ever come. Runs in the
     * coordinator thread, like everything the enumerator does.
     */
    private static final class DiscoveryWatch implements SplitEnumeratorContext<KafkaPartitionSplit> {
        private final SplitEnumeratorContext<KafkaPartitionSplit> context;
        private int asyncCalls;
        private boolean discoveryEndedEmpty;

        DiscoveryWatch(SplitEnumeratorContext<KafkaPartitionSplit> context) {
            this.context = context;
        }

        @Override
        public <R> void callAsync(Callable<R> callable, BiConsumer<R, Throwable> handler) {
            if (asyncCalls++ > 0) {
                context.callAsync(callable, handler);
                return;
            }
            context.callAsync(callable, (result, error) -> {
                int before = asyncCalls;
                handler.accept(result, error);
                if (error == null && asyncCalls == before) {
                    discoveryEndedEmpty = true;
                    context.registeredReaders().keySet().forEach(context::signalNoMoreSplits);
                }
            });
        }

        @Override
        public <R> void callAsync(Callable<R> callable, BiConsumer<R, Throwable> handler, long initialDelayMs, long periodMs) {
            asyncCalls++;
            context.callAsync(callable, handler, initialDelayMs, periodMs);
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return context.metricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, event);
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, int attemptNumber, SourceEvent event) {
            context.sendEventToSourceReader(subtaskId, attemptNumber, event);
        }

        @Override
        public int currentParallelism() {
            return context.currentParallelism();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return context.registeredReaders();
        }

        @Override
        public Map<Integer, Map<Integer, ReaderInfo>> registeredReadersOfAttempts() {
            return context.registeredReadersOfAttempts();
        }

        @Override
        public void assignSplits(SplitsAssignment<KafkaPartitionSplit> assignment) {
            context.assignSplits(assignment);
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            context.signalNoMoreSplits(subtask);
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            context.runInCoordinatorThread(runnable);
        }

        @Override
        public void setIsProcessingBacklog(boolean isProcessingBacklog) {
            context.setIsProcessingBacklog(isProcessingBacklog);
        }
    }

    /** The restored enumerator, plus the end signal for readers that register after the discovery. */
    private static final class EndSignallingEnumerator implements SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> {
        private final SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator;
        private final DiscoveryWatch watch;

        EndSignallingEnumerator(SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator, DiscoveryWatch watch) {
            this.enumerator = enumerator;
            this.watch = watch;
        }

        @Override
        public void start() {
            enumerator.start();
        }

        @Override
        public void addReader(int subtaskId) {
            enumerator.addReader(subtaskId); // assigns what it holds for this reader first
            if (watch.discoveryEndedEmpty) watch.signalNoMoreSplits(subtaskId);
        }

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {
            enumerator.handleSplitRequest(subtaskId, requesterHostname);
        }

        @Override
        public void addSplitsBack(java.util.List<KafkaPartitionSplit> splits, int subtaskId) {
            enumerator.addSplitsBack(splits, subtaskId);
        }

        @Override
        public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
            return enumerator.snapshotState(checkpointId);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            enumerator.notifyCheckpointComplete(checkpointId);
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            enumerator.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
            enumerator.handleSourceEvent(subtaskId, sourceEvent);
        }

        @Override
        public void close() throws java.io.IOException {
            enumerator.close();
        }
    }
}
