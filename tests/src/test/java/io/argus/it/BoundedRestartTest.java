package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.job.RestartableBoundedKafkaSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded run resumed from a savepoint ends, with every record read once across both runs. Flink
 * restores a source's split enumerator from the savepoint (as after a JobManager failover or any global
 * restart), and the connector's restored enumerator never tells its readers that no more splits will
 * come (FLINK-31006): a bounded backlog run stopped for an upgrade and resumed would read to its end and
 * then wait forever. The plain connector is resumed the same way first, to show the hang this works
 * around; when an upgrade fixes the connector, that half fails, and the wrapper can go.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BoundedRestartTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(2);

    private static final int RECORDS = 600;
    /** What the running job's map saw (the MiniCluster runs in this JVM). */
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void aBoundedRunResumedFromASavepointEndsWithEveryRecord(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStack.load();
        String topic = stack.createTopics("bounded-resume", 2, "frames").get(0);
        Set<String> all = new HashSet<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            records.add(new ProducerRecord<>(topic, "camera-" + (i % 4), "record-" + i));
            all.add("record-" + i);
        }
        stack.publish(records);

        // A third of the way through, stopped with a savepoint (no drain: the run is to be resumed).
        JobClient first = run(new RestartableBoundedKafkaSource<>(kafka(stack, topic)), null);
        long deadline = System.currentTimeMillis() + 60_000;
        while (SEEN.size() < RECORDS / 3 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        Set<String> beforeSavepoint = Set.copyOf(SEEN);
        assertThat(beforeSavepoint.size()).as("read before the savepoint").isBetween(RECORDS / 3, RECORDS - 1);

        // The connector alone, resumed: it reads to the end, and then never ends.
        JobClient plain = run(kafka(stack, topic), savepoint);
        assertThat(waitForEnd(plain, 20)).as("the plain bounded KafkaSource resumed from a savepoint (FLINK-31006)").isEqualTo(JobStatus.RUNNING);
        assertThat(union(beforeSavepoint, SEEN)).as("it read to the end before hanging").isEqualTo(all);
        plain.cancel().get(60, TimeUnit.SECONDS);

        // Wrapped, resumed from the same savepoint: it ends, and the two runs read every record.
        JobClient wrapped = run(new RestartableBoundedKafkaSource<>(kafka(stack, topic)), savepoint);
        assertThat(waitForEnd(wrapped, 120)).isEqualTo(JobStatus.FINISHED);
        assertThat(union(beforeSavepoint, SEEN)).as("every record, across the savepoint").isEqualTo(all);
        Set<String> both = new HashSet<>(beforeSavepoint);
        both.retainAll(SEEN);
        assertThat(both).as("read by both runs (exactly-once from the savepoint's offsets)").isEmpty();
    }

    private static KafkaSource<String> kafka(LocalStack stack, String topic) {
        return KafkaSource.<String>builder().setBootstrapServers(stack.bootstrapServers()).setTopics(topic).setGroupId("bounded-resume")
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema()).build();
    }

    private static JobClient run(Source<String, ?, ?> source, String savepoint) throws Exception {
        SEEN.clear();
        Configuration conf = new Configuration();
        if (savepoint != null) conf.setString("execution.state-recovery.path", savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records").uid("records")
                .map(new Slowly()).uid("slowly").name("slowly")
                .sinkTo(new DiscardingSink<>()).uid("discard");
        return env.executeAsync("bounded-resume");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** The job's status once it has ended, or after the wait (RUNNING: it did not end). */
    private static JobStatus waitForEnd(JobClient job, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JobStatus s = job.getJobStatus().get();
        while (!s.isGloballyTerminalState() && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            s = job.getJobStatus().get();
        }
        return s;
    }

    /** Slow enough that the savepoint lands mid-topic. */
    static final class Slowly implements MapFunction<String, String> {
        @Override
        public String map(String value) throws Exception {
            Thread.sleep(10);
            SEEN.add(value);
            return value;
        }
    }
}
