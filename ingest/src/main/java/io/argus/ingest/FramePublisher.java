package io.argus.ingest;

import io.argus.envelope.FrameEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes frames to Kafka with the Argus envelope: key = camera id (per-camera order), value =
 * JPEG bytes, envelope in headers, record timestamp = capture time. Idempotent, {@code acks=all},
 * no compression (JPEG does not compress). The producer's buffer is bounded, so a slow or absent
 * broker blocks {@link #publish} (back-pressure on the camera) instead of growing the heap.
 */
public final class FramePublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();

    public FramePublisher(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, new Properties());
    }

    /** {@code overrides} are Kafka producer settings that win over the defaults here. */
    public FramePublisher(String bootstrapServers, String topic, Properties overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(10 * 1024 * 1024));
        // Bounded memory: at most 64 MB of frames wait for the broker; then publish() blocks.
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        // A broker outage delays frames; it does not drop them (retries until delivery.timeout).
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(10 * 60_000L));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(10 * 60_000));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "argus-ingest");
        p.putAll(overrides);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /**
     * Fails, naming the topic and {@code option}, when {@code topic} does not exist: brokers that do not
     * create topics on first use would otherwise leave the producer retrying, and ingest silently stuck.
     */
    public static void requireTopic(String bootstrapServers, io.argus.cli.KafkaSecurity security, String topic, String option) {
        java.util.Set<String> names;
        try (Admin admin = Admin.create(security.addTo(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)))) {
            names = admin.listTopics().names().get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the Kafka topics on " + bootstrapServers + " (--bootstrap-servers): " + e);
        }
        if (!names.contains(topic)) {
            throw new IllegalArgumentException(option + ": Kafka topic '" + topic + "' does not exist on " + bootstrapServers
                    + ": create it first (kafka-topics.sh --create --topic " + topic + " --partitions N; ./argus stack up creates argus.frames)");
        }
    }

    public Future<RecordMetadata> publish(FrameEnvelope envelope, byte[] jpeg) {
        List<Header> headers = new ArrayList<>(8);
        for (Map.Entry<String, byte[]> e : envelope.toHeaders().entrySet()) {
            headers.add(new RecordHeader(e.getKey(), e.getValue()));
        }
        return publishRaw(envelope.cameraId().getBytes(java.nio.charset.StandardCharsets.UTF_8), jpeg, headers,
                envelope.captureTs());
    }

    /** Publishes a record as given: for tests and tools that need to send malformed frames on purpose. */
    public Future<RecordMetadata> publishRaw(byte[] key, byte[] value, List<Header> headers, Long timestamp) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, timestamp, key, value, headers);
        return producer.send(r, (md, ex) -> {
            if (ex == null) {
                sent.incrementAndGet();
            } else {
                failed.incrementAndGet();
                lastError.set(ex);
            }
        });
    }

    public void flush() {
        producer.flush();
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception lastError() {
        return lastError.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
