package dev.hass.hardware.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Minimal protobuf wire-format reader over a byte array window: tags, varints, fixed32/64 and
 * length-delimited fields (including packed repeated scalars). Only what the ONNX decoder needs;
 * every malformed input becomes a {@link ProtoReader.Malformed} naming the byte offset.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LEN = 2, FIXED32 = 5;

    /** The input is not valid protobuf (or not the expected message). */
    static final class Malformed extends RuntimeException {
        Malformed(String message) { super(message); }
    }

    private final byte[] buf;
    private int pos;
    private final int limit;
    private int field, wireType, tagStart;

    ProtoReader(byte[] buf) { this(buf, 0, buf.length); }

    ProtoReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** Reads the next tag; false at the end of the message. */
    boolean next() {
        if (pos >= limit) return false;
        int at = pos;
        tagStart = pos;
        long tag = varint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field < 1 || tag >>> 3 > 0x1FFFFFFF) throw new Malformed("invalid field number " + (tag >>> 3) + " at byte " + at);
        if (wireType != VARINT && wireType != FIXED64 && wireType != LEN && wireType != FIXED32) {
            throw new Malformed("unsupported wire type " + wireType + " for field " + field + " at byte " + at);
        }
        return true;
    }

    int field() { return field; }

    int wireType() { return wireType; }

    int position() { return pos; }

    /** Where the current field's tag starts: after {@link #skip()}, {@code [tagStart, position)} is the whole field. */
    int tagStart() { return tagStart; }

    /** The bytes from {@code from} (a {@link #tagStart()}) to the current position: a field already read, unchanged. */
    byte[] copy(int from) {
        return java.util.Arrays.copyOfRange(buf, from, pos);
    }

    /** The whole current field (tag and value) as bytes, ready to be copied unchanged; consumes the value. */
    byte[] rawField() {
        int from = tagStart;
        skip();
        return java.util.Arrays.copyOfRange(buf, from, pos);
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) throw new Malformed("truncated varint at byte " + pos);
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
        throw new Malformed("varint longer than 10 bytes at byte " + pos);
    }

    int fixed32() {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long fixed64() {
        long lo = fixed32() & 0xFFFFFFFFL;
        long hi = fixed32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** The payload of a length-delimited field as a reader over the same array (no copy). */
    ProtoReader message() {
        expect(LEN);
        int n = length();
        ProtoReader r = new ProtoReader(buf, pos, n);
        pos += n;
        return r;
    }

    String string() {
        expect(LEN);
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** The payload bytes of a length-delimited field as a little-endian read-only view (no copy). */
    ByteBuffer bytes() {
        expect(LEN);
        int n = length();
        ByteBuffer b = ByteBuffer.wrap(buf, pos, n).slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        pos += n;
        return b;
    }

    float float32() {
        expect(FIXED32);
        return Float.intBitsToFloat(fixed32());
    }

    long int64() {
        expect(VARINT);
        return varint();
    }

    /** Appends a repeated float field, packed (LEN) or not (FIXED32). */
    void floats(FloatList out) {
        if (wireType == FIXED32) { out.add(Float.intBitsToFloat(fixed32())); return; }
        expect(LEN);
        int n = length();
        if (n % 4 != 0) throw new Malformed("packed floats of " + n + " bytes (not a multiple of 4) at byte " + pos);
        int end = pos + n;
        while (pos < end) out.add(Float.intBitsToFloat(fixed32()));
    }

    /** Appends a repeated double field, packed or not. */
    void doubles(java.util.List<Double> out) {
        if (wireType == FIXED64) { out.add(Double.longBitsToDouble(fixed64())); return; }
        expect(LEN);
        int n = length();
        if (n % 8 != 0) throw new Malformed("packed doubles of " + n + " bytes (not a multiple of 8) at byte " + pos);
        int end = pos + n;
        while (pos < end) out.add(Double.longBitsToDouble(fixed64()));
    }

    /** Appends a repeated varint field (int32/int64), packed or not. */
    void varints(java.util.List<Long> out) {
        if (wireType == VARINT) { out.add(varint()); return; }
        expect(LEN);
        int n = length();
        int end = pos + n;
        ProtoReader r = new ProtoReader(buf, pos, n);
        while (r.pos < end) out.add(r.varint());
        pos = end;
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> { need(8); pos += 8; }
            case FIXED32 -> { need(4); pos += 4; }
            case LEN -> { int n = length(); pos += n; }
            default -> throw new Malformed("cannot skip wire type " + wireType);
        }
    }

    private int length() {
        int at = pos;
        long n = varint();
        if (n < 0 || n > limit - pos) {
            throw new Malformed("field " + field + " at byte " + at + " declares " + n + " bytes but only " + (limit - pos) + " remain (truncated or not protobuf)");
        }
        return (int) n;
    }

    private void need(int n) {
        if (limit - pos < n) throw new Malformed("truncated: field " + field + " needs " + n + " bytes at byte " + pos + ", only " + (limit - pos) + " remain");
    }

    private void expect(int wt) {
        if (wireType != wt) throw new Malformed("field " + field + " has wire type " + wireType + ", expected " + wt + " (at byte " + pos + ")");
    }

    /** Growable float array without boxing (histograms can be long). */
    static final class FloatList {
        private float[] a = new float[16];
        private int n;

        void add(float v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        float[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }
}
