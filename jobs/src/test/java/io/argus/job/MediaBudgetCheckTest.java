package io.argus.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The start-time check that the media buffer budgets of the subtasks sharing a process fit its heap. */
class MediaBudgetCheckTest {
    private static ArgusJobConfig cfg(String budget) throws Exception {
        return ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--media.buffer.max-bytes-per-subtask", budget}));
    }

    @Test
    void aLocalRunCountsItsParallelismAgainstThisJvm() throws Exception {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        assertThatCode(() -> ArgusJob.requireMediaFits(StreamExecutionEnvironment.createLocalEnvironment(2), cfg("64mb"))).doesNotThrowAnyException();
        // Ten subtasks of a fifth of the heap each: twice the heap, four times what is allowed.
        assertThatThrownBy(() -> ArgusJob.requireMediaFits(StreamExecutionEnvironment.createLocalEnvironment(10), cfg((heapMb / 5) + "mb")))
                .hasMessageStartingWith("argus.media.buffer.max-bytes-per-subtask: ").hasMessageContaining("the local run's parallelism");
    }

    @Test
    void aClusterCountsTheSlotsOfATaskManagerAgainstItsTaskHeap() throws Exception {
        // 1600 MB TaskManagers with two slots, Flink's default memory fractions: 319 MB of task heap.
        Configuration c = new Configuration();
        c.setString("taskmanager.memory.process.size", "1600m");
        c.setString("taskmanager.numberOfTaskSlots", "2");
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(c);
        env.setParallelism(4);
        assertThatCode(() -> ArgusJob.requireMediaFits(env, cfg("64mb"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> ArgusJob.requireMediaFits(env, cfg("96mb")))
                .hasMessageContaining("96 mb x 2 media subtasks per process (taskmanager.numberOfTaskSlots) = 192 mb, more than half of the 319 mb task heap")
                .hasMessageContaining("79 mb or less");
    }
}
