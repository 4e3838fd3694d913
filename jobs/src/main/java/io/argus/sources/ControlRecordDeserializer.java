package io.argus.sources;

import io.argus.udf.models.ControlRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A control-topic record as its text, its time and where it was read (parsing, and refusing, is the model control's job). */
public class ControlRecordDeserializer implements KafkaRecordDeserializationSchema<ControlRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<ControlRecord> out) {
        String text = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
        out.collect(new ControlRecord(text, r.timestamp(), r.topic() + "-" + r.partition() + "@" + r.offset()));
    }

    @Override
    public TypeInformation<ControlRecord> getProducedType() {
        return TypeInformation.of(ControlRecord.class);
    }
}
