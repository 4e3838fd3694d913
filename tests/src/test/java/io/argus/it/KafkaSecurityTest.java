package io.argus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.TestAssets;
import io.argus.cli.KafkaSecurity;
import io.argus.ingest.FramePublisher;
import io.argus.ingest.VideoIngest;
import io.argus.job.ArgusJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka with authentication: the local broker's SCRAM listener. Ingest publishes and the job reads, writes
 * its events and dead letters, all through --kafka-properties; a wrong password is refused before the job
 * is submitted, in words.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class KafkaSecurityTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestFlink.miniCluster(2);

    private static final int FRAMES = 6;

    @Test
    void ingestAndTheJobAuthenticateWithScram(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStack.load();
        String db = stack.createDatabase("sasl");
        List<String> topics = stack.createTopics("sasl", 2, "frames", "dlq", "events", "control");
        KafkaSecurity scram = KafkaSecurity.load(stack.saslPropertiesFile(), "--kafka-properties");
        assertThat(scram.toString()).isEqualTo("SASL_PLAINTEXT SCRAM-SHA-512").doesNotContain("argus-scram");

        long start = System.currentTimeMillis() - 60_000;
        FramePublisher.requireTopic(stack.saslBootstrapServers(), scram, topics.get(0), "--topic");
        try (FramePublisher pub = new FramePublisher(stack.saslBootstrapServers(), topics.get(0), scram.addTo(new Properties()))) {
            new VideoIngest(TestAssets.media("vtest.avi"), "plaza", 2, start, 0, FRAMES, 0, 0.85f, false).publish(pub, (n, p) -> {});
            pub.flush();
            assertThat(pub.failed()).isZero();
        }
        ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, topics.get(0), topics.get(1), "sasl",
                "--kafka.bootstrap-servers", stack.saslBootstrapServers(), "--kafka.properties-file", stack.saslPropertiesFile(),
                "--kafka.control-topic", topics.get(3), "--inference.intra-op-threads", "1"));
        assertThat(stack.count(db, "SELECT count(*) FROM ai_events")).isEqualTo(FRAMES);
        // Its episodes reached the events topic through the same listener.
        assertThat(stack.readAll(topics.get(2), 1)).isNotEmpty();

        // The wrong password: refused before anything is submitted, saying why.
        Path wrong = Files.writeString(dir.resolve("wrong.properties"), Files.readString(Path.of(stack.saslPropertiesFile()))
                .replace("password=\"argus-scram\"", "password=\"not-it\""));
        assertThatThrownBy(() -> ArgusJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), JobConfigs.bounded(stack, db, topics.get(0),
                topics.get(1), "sasl-wrong", "--kafka.bootstrap-servers", stack.saslBootstrapServers(), "--kafka.properties-file", wrong.toString(),
                "--kafka.control-topic", topics.get(3))))
                .hasMessageContaining("argus.kafka.bootstrap-servers: cannot list the topics on " + stack.saslBootstrapServers())
                .hasMessageContaining("Authentication failed");
        // Anything but security settings is refused by name.
        Path other = Files.writeString(dir.resolve("other.properties"), "security.protocol=SASL_PLAINTEXT\nbootstrap.servers=elsewhere:9092\n");
        assertThatThrownBy(() -> KafkaSecurity.load(other.toString(), "--kafka-properties"))
                .hasMessageContaining("'bootstrap.servers' is not a security setting").hasMessageContaining("--bootstrap-servers");
        Path noJaas = Files.writeString(dir.resolve("nojaas.properties"), "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        assertThatThrownBy(() -> KafkaSecurity.load(noJaas.toString(), "--kafka-properties")).hasMessageContaining("needs sasl.jaas.config");
    }
}
