package io.argus.job;

import org.apache.flink.connector.base.DeliveryGuarantee;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka source of frames and sink of dead letters, built from the configuration. */
public final class KafkaEndpoints {
    private KafkaEndpoints() {}

    public static KafkaSource<RawFrame> framesSource(ArgusJobConfig cfg) {
        KafkaSourceBuilder<RawFrame> b = KafkaSource.<RawFrame>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setTopics(cfg.framesTopic())
                .setGroupId(cfg.groupId())
                .setStartingOffsets(startingOffsets(cfg.startingOffsets()))
                .setDeserializer(new RawFrameDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                // Frames are up to argus.frames.max-payload-bytes; let a fetch hold a few of them.
                .setProperty("max.partition.fetch.bytes", Integer.toString(Math.max(1 << 20, cfg.envelopeRules().maxPayloadBytes() + (1 << 16))));
        if (cfg.bounded()) b.setBounded(OffsetsInitializer.latest());
        else b.setProperty("partition.discovery.interval.ms", "60000"); // new partitions join within a minute
        return b.build();
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
                .setBootstrapServers(cfg.bootstrapServers())
                .setRecordSerializer((KafkaRecordSerializationSchema<SceneEvent>) (e, context, ts) -> new ProducerRecord<>(topic, null, e.ts,
                        e.cameraId.getBytes(StandardCharsets.UTF_8), e.json.getBytes(StandardCharsets.UTF_8)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(ArgusJobConfig cfg) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(cfg.bootstrapServers())
                .setRecordSerializer(new DeadLetterSerializer(cfg.dlqTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("max.request.size", Integer.toString(cfg.envelopeRules().maxPayloadBytes() + (1 << 16)))
                .build();
    }
}
