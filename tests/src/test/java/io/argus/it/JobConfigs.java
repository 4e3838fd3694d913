package io.argus.it;

import io.argus.TestAssets;
import io.argus.job.ArgusJobConfig;
import io.argus.job.ArgusOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Job configurations for tests: bounded runs over a topic, into a test database. The events topic is
 * the frames topic's name with {@code .events} for {@code .frames}; tests create it.
 */
final class JobConfigs {
    private JobConfigs() {}

    static ArgusJobConfig bounded(LocalStack stack, String db, String framesTopic, String dlqTopic, String group, String... extra)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--kafka.bootstrap-servers", stack.bootstrapServers(),
                "--kafka.frames-topic", framesTopic,
                "--kafka.dlq-topic", dlqTopic,
                "--kafka.events-topic", framesTopic.replaceAll("\\.frames$", ".events"),
                "--kafka.group-id", group,
                "--kafka.starting-offsets", "earliest",
                "--kafka.bounded", "true",
                "--jdbc.url", stack.jdbcUrl(db),
                "--jdbc.user", stack.jdbcUser(),
                "--jdbc.password", stack.jdbcPassword(),
                "--model.path", TestAssets.model().toString(),
                "--checkpoint.interval", "2s",
                // Snapshots and clips only where a test asks for them (EndToEndTest, EpisodeMediaTest).
                "--media.enabled", "false"));
        args.addAll(Arrays.asList(extra));
        return ArgusJobConfig.from(ArgusOptions.parse(args.toArray(String[]::new)));
    }
}
