package io.argus.udf.scene;

import io.argus.tracking.CameraScene;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for a camera's scene (tracker, episodes, zones): Java serialization, written as a
 * length-prefixed byte array.
 *
 * <p>Why a serializer and not a {@code byte[]} state: on the heap state backend a value stays an object
 * between frames and is serialized only for checkpoints, where a {@code byte[]} state paid a full
 * Java (de)serialization per event-time step (42% of the event path's CPU). On RocksDB every access
 * still serializes. The bytes are exactly those the earlier {@code byte[]} state wrote, so savepoints
 * taken with it restore (see {@link Snapshot#resolveSchemaCompatibility}).
 */
public final class CameraSceneSerializer extends TypeSerializer<CameraScene> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<CameraScene> duplicate() {
        return this; // stateless
    }

    @Override
    public CameraScene createInstance() {
        return null;
    }

    @Override
    public CameraScene copy(CameraScene from) {
        try {
            return from == null ? null : fromBytes(toBytes(from));
        } catch (IOException e) {
            throw new IllegalStateException("could not copy a camera scene", e);
        }
    }

    @Override
    public CameraScene copy(CameraScene from, CameraScene reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CameraScene scene, DataOutputView target) throws IOException {
        byte[] b = toBytes(scene);
        target.writeInt(b.length);
        target.write(b);
    }

    @Override
    public CameraScene deserialize(DataInputView source) throws IOException {
        byte[] b = new byte[source.readInt()];
        source.readFully(b);
        return fromBytes(b);
    }

    @Override
    public CameraScene deserialize(CameraScene reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int n = source.readInt();
        target.writeInt(n);
        target.write(source, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraSceneSerializer;
    }

    @Override
    public int hashCode() {
        return CameraSceneSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<CameraScene> snapshotConfiguration() {
        return new Snapshot();
    }

    static byte[] toBytes(CameraScene scene) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(scene);
        }
        return bytes.toByteArray();
    }

    static CameraScene fromBytes(byte[] b) throws IOException {
        try (ObjectInputStream in = new SceneInputStream(new ByteArrayInputStream(b))) {
            return (CameraScene) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("a camera scene refers to a class this job does not have: " + e.getMessage(), e);
        }
    }

    /** Resolves classes with the job's class loader (state is read on Flink's threads, not the job's). */
    private static final class SceneInputStream extends ObjectInputStream {
        SceneInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, CameraScene.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }

    /** The serializer has no configuration; it also reads what the earlier byte[] state wrote. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CameraScene> {
        public Snapshot() {
            super(CameraSceneSerializer::new);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public TypeSerializerSchemaCompatibility<CameraScene> resolveSchemaCompatibility(TypeSerializerSnapshot<CameraScene> old) {
            if ((TypeSerializerSnapshot) old instanceof BytePrimitiveArraySerializer.BytePrimitiveArraySerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
