package io.argus.udf.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.envelope.FrameEnvelope;
import io.argus.frame.DeadLetter;
import io.argus.frame.Frame;
import io.argus.frame.InferenceResult;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The types that travel between operators are Flink POJOs, their envelope included (a generic type
 * would fall back to Kryo: slower, and no schema evolution for savepoints).
 */
class FlinkTypesTest {
    @Test
    void framesResultsAndDeadLettersArePojosWithTheEnvelopeWhole() {
        for (Class<?> c : new Class<?>[] {Frame.class, InferenceResult.class, DeadLetter.class}) {
            assertThat(TypeInformation.of(c)).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
        for (Class<?> c : new Class<?>[] {Frame.class, InferenceResult.class}) {
            PojoTypeInfo<?> t = (PojoTypeInfo<?>) TypeInformation.of(c);
            assertThat(t.getTypeAt(t.getFieldIndex("envelope"))).as(c.getSimpleName() + ".envelope").isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void aFrameAndATickSurviveTheSerializer() throws Exception {
        TypeSerializer<Frame> s = TypeInformation.of(Frame.class).createSerializer(new SerializerConfigImpl());
        Frame f = Frame.jpeg("door", 7, 1_000, 640, 480, new byte[] {1, 2, 3});
        f.cameraTime = 900;
        Frame tick = Frame.tick("yard", 9, 5_000);
        for (Frame in : new Frame[] {f, tick}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            s.serialize(in, out);
            Frame back = s.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
            assertThat(back.envelope).isEqualTo(in.envelope);
            assertThat(back.jpeg).isEqualTo(in.jpeg);
            assertThat(back.cameraTime).isEqualTo(in.cameraTime);
            assertThat(back.tick).isEqualTo(in.tick);
        }
        assertThat(tick.envelope).isEqualTo(FrameEnvelope.tick("yard", 9, 5_000));
    }
}
