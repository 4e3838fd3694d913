package io.argus.it;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The MiniCluster of an integration test: one TaskManager with the given slots, and a job that fails
 * three times in a row fails for good. Flink's default with checkpointing restarts forever, which turns
 * a broken run into a test timeout that says nothing; this way the test fails with the job's cause.
 */
final class TestFlink {
    private TestFlink() {}

    static MiniClusterExtension miniCluster(int slots) {
        return miniCluster(slots, new Configuration());
    }

    static MiniClusterExtension miniCluster(int slots, Configuration config) {
        return miniCluster(slots, config, 3);
    }

    /** @param restarts restarts before the job fails (2 s apart): more for tests that take a service away */
    static MiniClusterExtension miniCluster(int slots, Configuration config, int restarts) {
        Configuration c = new Configuration(config);
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", Integer.toString(restarts));
        c.setString("restart-strategy.fixed-delay.delay", "2 s");
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(c).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(slots).build());
    }
}
