package io.argus.sources;

import io.argus.frame.RawFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Copies a Kafka record as it is; validation happens in the job, where failures can be dead-lettered. */
public class RawFrameDeserializer implements KafkaRecordDeserializationSchema<RawFrame> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawFrame> out) {
        RawFrame f = new RawFrame();
        f.topic = record.topic();
        f.partition = record.partition();
        f.offset = record.offset();
        f.timestamp = record.timestamp();
        f.key = record.key();
        f.value = record.value();
        for (Header h : record.headers()) f.headers.put(h.key(), h.value());
        out.collect(f);
    }

    @Override
    public TypeInformation<RawFrame> getProducedType() {
        return TypeInformation.of(RawFrame.class);
    }
}
