package io.argus.serve;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A camera's newest frame, read back from the frames topic: the camera's partition is the one its key
 * hashes to (as ingest publishes), searched backwards from its end for the newest record with that key,
 * at most {@link #SEARCH} records back (a camera sharing its partition with busier ones may have none
 * so recent). Joins no group and commits nothing.
 */
final class LatestFrames {
    static final int SEARCH = 2_000;
    private static final int STEP = 200;
    private final String bootstrapServers;
    private final io.argus.cli.KafkaSecurity security;
    private final String topic;

    LatestFrames(String bootstrapServers, io.argus.cli.KafkaSecurity security, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        this.topic = topic;
    }

    /** The JPEG, or null when none is found. */
    byte[] latest(String cameraId) {
        if (bootstrapServers == null) return null;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "argus-serve-latest-frame");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(STEP));
        byte[] key = cameraId.getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(security.addTo(p), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> parts = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (parts == null || parts.isEmpty()) return null;
            TopicPartition tp = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % parts.size());
            c.assign(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp), begin = c.beginningOffsets(List.of(tp)).get(tp);
            for (long upTo = end; upTo > begin && end - upTo < SEARCH; upTo -= STEP) {
                long from = Math.max(begin, upTo - STEP);
                c.seek(tp, from);
                byte[] newest = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (c.position(tp) < upTo && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (r.offset() < upTo && Arrays.equals(r.key(), key)) newest = r.value();
                    }
                }
                if (newest != null) return newest;
            }
            return null;
        }
    }
}
