package io.argus.sinks;

import io.argus.frame.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter with its original key, bytes and headers, plus {@code error-reason},
 * {@code error-detail}, {@code error-stage}, {@code error-source} and {@code error-original-bytes}
 * headers. A payload-too-large record keeps its headers but not its bytes.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    public static final String H_REASON = "error-reason";
    public static final String H_DETAIL = "error-detail";
    public static final String H_STAGE = "error-stage";
    public static final String H_SOURCE = "error-source";
    public static final String H_ORIGINAL_BYTES = "error-original-bytes";

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, d.rejectedAt, d.key, d.value);
        if (d.headers != null) {
            for (Map.Entry<String, byte[]> h : d.headers.entrySet()) r.headers().add(h.getKey(), h.getValue());
        }
        r.headers().add(H_REASON, bytes(d.reason.code()));
        r.headers().add(H_DETAIL, bytes(d.detail));
        r.headers().add(H_STAGE, bytes(d.stage.text()));
        if (d.source != null) r.headers().add(H_SOURCE, bytes(d.source));
        r.headers().add(H_ORIGINAL_BYTES, bytes(Integer.toString(d.originalBytes)));
        return r;
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
