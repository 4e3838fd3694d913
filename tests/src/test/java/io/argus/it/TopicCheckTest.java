package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.job.ArgusJob;
import io.argus.job.ArgusJobConfig;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A topic the job writes that does not exist would have its producer retry forever and stall the whole
 * job through back-pressure, without an error: the job refuses to start instead, naming the topic.
 */
class TopicCheckTest {
    @Test
    void aMissingOutputTopicFailsTheStartAndNamesItsOption() throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("topics");
        String frames = stack.createTopics("topics", 1, "frames").get(0);
        ArgusJobConfig cfg = JobConfigs.bounded(stack, db, frames, frames + ".dlq", "topics");
        assertThatThrownBy(() -> ArgusJob.define(StreamExecutionEnvironment.getExecutionEnvironment(), cfg))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + frames + ".dlq' (argus.kafka.dlq-topic)")
                .hasMessageContaining("(argus.kafka.events-topic)")
                .hasMessageNotContaining("(argus.kafka.frames-topic)");
        // With every topic there, the same job defines fine.
        List<String> all = stack.createTopics("topics-ok", 1, "frames", "dlq", "events");
        ArgusJobConfig ok = JobConfigs.bounded(stack, db, all.get(0), all.get(1), "topics");
        var detectors = ArgusJob.define(StreamExecutionEnvironment.getExecutionEnvironment(), ok);
        assertThat(detectors).hasSize(1);
        detectors.forEach(io.argus.inference.SharedDetectors::release);
    }
}
