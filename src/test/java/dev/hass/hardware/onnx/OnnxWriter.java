package dev.hass.hardware.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: writes protobuf wire format, enough to build small ONNX models field by field
 * (same field numbers as onnx.proto), so the importer is tested on real bytes it did not write itself.
 */
final class OnnxWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    byte[] bytes() { return out.toByteArray(); }

    OnnxWriter varint(int field, long v) { tag(field, 0); raw(v); return this; }

    OnnxWriter fixed32(int field, float f) {
        tag(field, 5);
        int b = Float.floatToIntBits(f);
        for (int i = 0; i < 4; i++) out.write(b >>> (8 * i));
        return this;
    }

    OnnxWriter bytes(int field, byte[] b) { tag(field, 2); raw(b.length); out.writeBytes(b); return this; }

    OnnxWriter string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    OnnxWriter message(int field, OnnxWriter m) { return bytes(field, m.bytes()); }

    OnnxWriter packedFloats(int field, float... v) {
        OnnxWriter p = new OnnxWriter();
        for (float f : v) { int b = Float.floatToIntBits(f); for (int i = 0; i < 4; i++) p.out.write(b >>> (8 * i)); }
        return bytes(field, p.bytes());
    }

    OnnxWriter packedVarints(int field, long... v) {
        OnnxWriter p = new OnnxWriter();
        for (long x : v) p.raw(x);
        return bytes(field, p.bytes());
    }

    private void tag(int field, int wire) { raw((long) field << 3 | wire); }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) { out.write((int) ((v & 0x7F) | 0x80)); v >>>= 7; }
        out.write((int) v);
    }

    // ---------------------------------------------------------------- ONNX messages

    /** TensorProto with dims and float_data (unpacked floats are legal too; use packed here). */
    static OnnxWriter tensor(String name, long[] dims, float... values) {
        OnnxWriter t = new OnnxWriter().packedVarints(1, dims).varint(2, 1).string(8, name);
        if (values.length > 0) t.packedFloats(4, values);
        return t;
    }

    /** INT64 TensorProto stored as raw_data (little endian). */
    static OnnxWriter int64Tensor(String name, long... values) {
        byte[] raw = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) for (int b = 0; b < 8; b++) raw[i * 8 + b] = (byte) (values[i] >>> (8 * b));
        return new OnnxWriter().packedVarints(1, values.length).varint(2, 7).string(8, name).bytes(9, raw);
    }

    static OnnxWriter intAttr(String name, long v) { return new OnnxWriter().string(1, name).varint(3, v).varint(20, 2); }

    static OnnxWriter intsAttr(String name, long... v) { return new OnnxWriter().string(1, name).packedVarints(8, v).varint(20, 7); }

    static OnnxWriter floatsAttr(String name, float... v) { return new OnnxWriter().string(1, name).packedFloats(7, v).varint(20, 6); }

    static OnnxWriter floatAttr(String name, float v) { return new OnnxWriter().string(1, name).fixed32(2, v).varint(20, 1); }

    static OnnxWriter stringAttr(String name, String v) { return new OnnxWriter().string(1, name).string(4, v).varint(20, 3); }

    static OnnxWriter node(String name, String op, String[] inputs, String[] outputs, OnnxWriter... attrs) {
        OnnxWriter n = new OnnxWriter();
        for (String i : inputs) n.string(1, i);
        for (String o : outputs) n.string(2, o);
        if (name != null) n.string(3, name);
        n.string(4, op);
        for (OnnxWriter a : attrs) n.message(5, a);
        return n;
    }

    /** ValueInfoProto of a float tensor with fixed dims (a negative dim is written as a dim_param). */
    static OnnxWriter valueInfo(String name, long... dims) {
        OnnxWriter shape = new OnnxWriter();
        for (long d : dims) shape.message(1, d < 0 ? new OnnxWriter().string(2, "N") : new OnnxWriter().varint(1, d));
        OnnxWriter tensorType = new OnnxWriter().varint(1, 1).message(2, shape);
        return new OnnxWriter().string(1, name).message(2, new OnnxWriter().message(1, tensorType));
    }

    /** ModelProto (ir_version 7, opset 14) around a graph. */
    static byte[] model(OnnxWriter graph) {
        return new OnnxWriter().varint(1, 7).string(2, "hass-test")
                .message(8, new OnnxWriter().string(1, "").varint(2, 14))
                .message(7, graph).bytes();
    }
}
