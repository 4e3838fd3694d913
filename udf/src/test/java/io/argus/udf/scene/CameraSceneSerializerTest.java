package io.argus.udf.scene;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tracking.CameraScene;
import io.argus.vision.Detection;
import java.util.List;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CameraSceneSerializerTest {
    /** A scene with a confirmed track and an open episode: a person seen in 10 frames over 1.8 s (the debounce is 1 s). */
    private static CameraScene sceneWithAPerson() {
        CameraScene s = new CameraScene("lobby", "m:1", List.of(), List.of(), CameraScene.Options.defaults());
        for (int i = 0; i < 10; i++) s.onFrame(1000 + i * 200L, i, List.of(new Detection(0, "person", 0.9f, 0.1f + 0.01f * i, 0.2f, 0.1f, 0.3f)));
        return s;
    }

    @Test
    void aSceneSurvivesTheRoundTripAndTheCopyIsIndependent() throws Exception {
        CameraScene s = sceneWithAPerson();
        CameraSceneSerializer ser = new CameraSceneSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        ser.serialize(s, out);
        CameraScene back = ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.openTracks()).isEqualTo(s.openTracks()).isEqualTo(1);
        assertThat(back.openEpisodes()).isEqualTo(s.openEpisodes()).isEqualTo(1);
        // The copy goes on by itself: the person leaves in the copy only.
        CameraScene copy = ser.copy(s);
        copy.onTime(1000 + 60_000);
        assertThat(copy.openEpisodes()).isZero();
        assertThat(s.openEpisodes()).isEqualTo(1);
    }

    @Test
    void readsWhatTheEarlierByteArrayStateWrote() throws Exception {
        // Before this serializer the scene was a byte[] state of the same Java-serialized bytes.
        DataOutputSerializer out = new DataOutputSerializer(256);
        BytePrimitiveArraySerializer.INSTANCE.serialize(CameraSceneSerializer.toBytes(sceneWithAPerson()), out);
        CameraScene back = new CameraSceneSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.openEpisodes()).isEqualTo(1);
        assertThat(new CameraSceneSerializer.Snapshot().resolveSchemaCompatibility(
                (org.apache.flink.api.common.typeutils.TypeSerializerSnapshot) new BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot())
                .isCompatibleAsIs()).isTrue();
    }
}
