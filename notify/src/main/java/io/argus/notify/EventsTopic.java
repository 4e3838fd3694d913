package io.argus.notify;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The events topic as the notifier reads it: a consumer of raw bytes, and all of the topic's partitions. */
final class EventsTopic {
    private EventsTopic() {}

    /** @param group null: no consumer group (a dry run commits nothing) */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, io.argus.cli.KafkaSecurity security, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (group != null) p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "argus-notify");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A batch is decided, delivered and committed together: small batches commit often.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        return new KafkaConsumer<>(security.addTo(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** @throws IllegalStateException when the topic does not exist */
    static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<PartitionInfo> infos = c.partitionsFor(topic, java.time.Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("the events topic '" + topic + "' does not exist at " + "the broker: start the stack (./argus stack up) "
                    + "or the job, or name the topic with --topic");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }
}
