package dev.hass.hardware.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protobuf wire format, written field by field (the counterpart of {@link ProtoReader}): varints, 32-bit
 * floats, length-delimited bytes/strings/messages and packed repeated fields. Enough for ONNX.
 */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public byte[] bytes() { return out.toByteArray(); }

    public ProtoWriter varint(int field, long v) { tag(field, 0); raw(v); return this; }

    public ProtoWriter fixed32(int field, float f) {
        tag(field, 5);
        int b = Float.floatToIntBits(f);
        for (int i = 0; i < 4; i++) out.write(b >>> (8 * i));
        return this;
    }

    public ProtoWriter bytes(int field, byte[] b) { tag(field, 2); raw(b.length); out.writeBytes(b); return this; }

    public ProtoWriter string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    public ProtoWriter message(int field, ProtoWriter m) { return bytes(field, m.bytes()); }

    public ProtoWriter packedFloats(int field, float... v) {
        byte[] b = new byte[v.length * 4];
        for (int i = 0; i < v.length; i++) {
            int x = Float.floatToIntBits(v[i]);
            for (int k = 0; k < 4; k++) b[i * 4 + k] = (byte) (x >>> (8 * k));
        }
        return bytes(field, b);
    }

    /** Appends bytes that already are complete fields (tag and value), e.g. fields copied from another message. */
    public ProtoWriter rawFields(byte[] fields) { out.writeBytes(fields); return this; }

    public ProtoWriter packedVarints(int field, long... v) {
        ProtoWriter p = new ProtoWriter();
        for (long x : v) p.raw(x);
        return bytes(field, p.bytes());
    }

    private void tag(int field, int wire) { raw((long) field << 3 | wire); }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) { out.write((int) ((v & 0x7F) | 0x80)); v >>>= 7; }
        out.write((int) v);
    }
}
