package io.argus.job;

import io.argus.frame.DeadLetter;
import io.argus.frame.RawFrame;
import io.argus.sinks.DeadLetterSerializer;
import io.argus.sources.ControlRecordDeserializer;
import io.argus.sources.RawFrameDeserializer;
import io.argus.udf.models.ControlRecord;
import io.argus.udf.scene.SceneEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The job's Kafka source of frames and sink of dead letters, built from the configuration. */
public final class KafkaEndpoints {
    private KafkaEndpoints() {}

    /**
     * Fails, naming the topic and its option, when a topic the job reads or writes does not exist:
     * brokers that do not create topics on first use would otherwise have the dead-letter or events
     * producer retry forever, and back-pressure would stall the whole job without an error.
     */
    public static void requireTopics(ArgusJobConfig cfg) {
        Map<String, String> needed = new LinkedHashMap<>();
        needed.put(cfg.framesTopic(), ArgusOptions.FRAMES_TOPIC.key());
        needed.put(cfg.dlqTopic(), ArgusOptions.DLQ_TOPIC.key());
        needed.put(cfg.eventsTopic(), ArgusOptions.EVENTS_TOPIC.key());
        if (!cfg.controlTopic().isEmpty()) needed.put(cfg.controlTopic(), ArgusOptions.CONTROL_TOPIC.key());
        Set<String> existing;
        try (Admin admin = Admin.create(cfg.kafkaSecurity().addTo(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)))) {
            existing = admin.listTopics().names().get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalArgumentException(ArgusOptions.KAFKA_BOOTSTRAP.key() + ": cannot list the topics on " + cfg.bootstrapServers() + ": " + e);
        }
        List<String> missing = new ArrayList<>();
        needed.forEach((topic, option) -> {
            if (!existing.contains(topic)) missing.add("'" + topic + "' (" + option + ")");
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Kafka topic(s) " + String.join(", ", missing) + " do not exist on " + cfg.bootstrapServers()
                    + ": create them first (kafka-topics.sh --create --topic NAME --partitions N), the frames topic with as many partitions"
                    + " as the job's parallelism or more");
        }
    }

    /**
     * The frames, keyed by camera. A bounded run ({@code argus.kafka.bounded}) reads to the end offsets the
     * topic had when it started, and ends when resumed from a savepoint too ({@link RestartableBoundedKafkaSource}).
     */
    public static Source<RawFrame, ?, ?> framesSource(ArgusJobConfig cfg) {
        KafkaSourceBuilder<RawFrame> b = KafkaSource.<RawFrame>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setTopics(cfg.framesTopic())
                .setGroupId(cfg.groupId())
                .setStartingOffsets(startingOffsets(cfg.startingOffsets()))
                .setDeserializer(new RawFrameDeserializer())
                .setProperties(cfg.kafkaSecurity().addTo(new java.util.Properties()))
                .setProperty("commit.offsets.on.checkpoint", "true")
                // Frames are up to argus.frames.max-payload-bytes; let a fetch hold a few of them.
                .setProperty("max.partition.fetch.bytes", Integer.toString(Math.max(1 << 20, cfg.envelopeRules().maxPayloadBytes() + (1 << 16))));
        if (!cfg.bounded()) return b.setProperty("partition.discovery.interval.ms", "60000").build(); // new partitions join within a minute
        return new RestartableBoundedKafkaSource<>(b.setBounded(OffsetsInitializer.latest()).build());
    }

    /**
     * The model control commands, from the topic's beginning: a job without state replays every command
     * (the same commands give the same models), one with state resumes where its checkpoint left off.
     * A bounded run reads what was there when it started.
     */
    public static Source<ControlRecord, ?, ?> controlSource(ArgusJobConfig cfg) {
        KafkaSourceBuilder<ControlRecord> b = KafkaSource.<ControlRecord>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setTopics(cfg.controlTopic())
                .setGroupId(cfg.groupId() + "-control")
                .setStartingOffsets(OffsetsInitializer.earliest()) // a restored job reads on from its checkpoint's offsets instead
                .setDeserializer(new ControlRecordDeserializer())
                .setProperties(cfg.kafkaSecurity().addTo(new java.util.Properties()));
        return cfg.bounded() ? new RestartableBoundedKafkaSource<>(b.setBounded(OffsetsInitializer.latest()).build()) : b.build();
    }

    static OffsetsInitializer startingOffsets(String s) {
        if (s.startsWith("timestamp:")) return OffsetsInitializer.timestamp(Long.parseLong(s.substring("timestamp:".length())));
        return switch (s) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** Episodes and actions as JSON on the events topic, keyed by camera, for real-time consumers. */
    public static KafkaSink<SceneEvent> eventsSink(ArgusJobConfig cfg) {
        String topic = cfg.eventsTopic();
        return KafkaSink.<SceneEvent>builder()
                .setKafkaProducerConfig(cfg.kafkaSecurity().addTo(new java.util.Properties())) // first: it replaces what was set before
                .setBootstrapServers(cfg.bootstrapServers())
                .setRecordSerializer((KafkaRecordSerializationSchema<SceneEvent>) (e, context, ts) -> new ProducerRecord<>(topic, null, e.ts,
                        e.cameraId.getBytes(StandardCharsets.UTF_8), e.json.getBytes(StandardCharsets.UTF_8)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(ArgusJobConfig cfg) {
        return KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(cfg.kafkaSecurity().addTo(new java.util.Properties())) // first: it replaces what was set before
                .setBootstrapServers(cfg.bootstrapServers())
                .setRecordSerializer(new DeadLetterSerializer(cfg.dlqTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("max.request.size", Integer.toString(cfg.envelopeRules().maxPayloadBytes() + (1 << 16)))
                .build();
    }
}
