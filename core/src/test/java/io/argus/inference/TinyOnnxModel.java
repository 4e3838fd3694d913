package io.argus.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny ONNX detector by hand (protobuf wire format), so tests can run the batched path on
 * a model with a dynamic batch dimension: input {@code images [N, 3, 16, 16]}, one Reshape node,
 * output {@code [N, 6, 128]}, which reads as the YOLOv8 layout with 2 classes and 128 anchors.
 * Each anchor's boxes and scores are just pixel values, so different images give different results.
 */
final class TinyOnnxModel {
    private TinyOnnxModel() {}

    static Path write(Path file) throws IOException {
        byte[] shape = concat(
                varintField(1, 3),                       // dims: [3]
                varintField(2, 7),                       // data_type: INT64
                varintField(7, 0), varintField(7, 6), varintField(7, 128), // int64_data: 0 (copy N), 6, 128
                bytesField(8, "shape"));
        byte[] node = concat(bytesField(1, "images"), bytesField(1, "shape"), bytesField(2, "output0"),
                bytesField(3, "reshape"), bytesField(4, "Reshape"));
        byte[] graph = concat(
                field(1, node),
                bytesField(2, "tiny"),
                field(5, shape),
                field(11, valueInfo("images", 3, 16, 16)),
                field(12, valueInfo("output0", 6, 128)));
        byte[] names = concat(bytesField(1, "names"), bytesField(2, "{0: 'bright', 1: 'dark'}"));
        byte[] model = concat(
                varintField(1, 8),                       // ir_version
                bytesField(2, "argus-test"),             // producer_name
                field(7, graph),
                field(8, concat(bytesField(1, ""), varintField(2, 13))), // opset_import: default domain, 13
                field(14, names));                       // metadata_props
        Files.write(file, model);
        return file;
    }

    /** A float tensor type whose first dimension is the symbolic 'N'. */
    private static byte[] valueInfo(String name, long... dims) {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        shape.writeBytes(field(1, bytesField(2, "N")));
        for (long d : dims) shape.writeBytes(field(1, varintField(1, d)));
        byte[] tensor = concat(varintField(1, 1), field(2, shape.toByteArray())); // elem_type FLOAT, shape
        return concat(bytesField(1, name), field(2, field(1, tensor)));
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        varint(o, (number << 3) | 2);
        varint(o, payload.length);
        o.writeBytes(payload);
        return o.toByteArray();
    }

    private static byte[] bytesField(int number, String s) {
        return field(number, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] varintField(int number, long v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        varint(o, number << 3);
        varint(o, v);
        return o.toByteArray();
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
