package dev.hass.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files, format version 1.0: the magic {@code \x93NUMPY}, version 1.0, a little-endian
 * uint16 header length, an ASCII dict header padded with spaces to a multiple of 64 bytes and ended by
 * a newline, then the data in C order. We write little-endian float32 ({@code <f4}) and int16/32/64
 * ({@code <i2 <i4 <i8}: the fixed-point vectors, weights and epilogue constants of the integer package).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '([<>|][a-z]\\d)', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), }\\s*");

    private Npy() {}

    /** An array read back: its dtype ({@code <f4}, {@code <i2}, {@code <i4} or {@code <i8}), shape and values as floats. */
    public record Array(String dtype, long[] shape, float[] values) {
        public long elements() { return Arrays.stream(shape).reduce(1, (a, b) -> a * b); }
    }

    /** An integer array read back exactly: its dtype ({@code <i2}, {@code <i4} or {@code <i8}), shape and values. */
    public record Ints(String dtype, long[] shape, long[] values) {}

    public static void writeFloat32(Path file, long[] shape, float[] values) throws IOException {
        ByteBuffer b = body(file, "<f4", shape, values.length);
        for (float v : values) b.putFloat(v);
        Files.write(file, b.array());
    }

    public static void writeInt32(Path file, long[] shape, int[] values) throws IOException {
        ByteBuffer b = body(file, "<i4", shape, values.length);
        for (int v : values) b.putInt(v);
        Files.write(file, b.array());
    }

    /** {@code <i2}; every value must fit in 16 bits (the fixed-point vectors and weights). */
    public static void writeInt16(Path file, long[] shape, int[] values) throws IOException {
        ByteBuffer b = body(file, "<i2", shape, values.length);
        for (int v : values) {
            if (v != (short) v) throw new IllegalArgumentException(file + ": " + v + " does not fit in int16");
            b.putShort((short) v);
        }
        Files.write(file, b.array());
    }

    public static void writeInt64(Path file, long[] shape, long[] values) throws IOException {
        ByteBuffer b = body(file, "<i8", shape, values.length);
        for (long v : values) b.putLong(v);
        Files.write(file, b.array());
    }

    private static ByteBuffer body(Path file, String descr, long[] shape, int count) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n != count) throw new IllegalArgumentException(file + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + count);
        byte[] header = header(descr, shape);
        ByteBuffer b = ByteBuffer.allocate(header.length + count * size(descr)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        return b;
    }

    static byte[] header(String descr, long[] shape) {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) s.append(',');
        s.append("), }");
        int prefix = MAGIC.length + 2 + 2;
        int total = prefix + s.length() + 1;
        int padded = (total + 63) / 64 * 64;
        s.append(" ".repeat(padded - total)).append('\n');
        byte[] dict = s.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(prefix + dict.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dict.length).put(dict);
        return b.array();
    }

    private static int size(String dtype) {
        return Integer.parseInt(dtype.substring(2));
    }

    /** Reads a version 1.0 file of {@code <f4}, {@code <i2}, {@code <i4} or {@code <i8} in C order; values as floats. */
    public static Array read(Path file) throws IOException {
        Raw r = raw(file);
        float[] v = new float[r.count];
        for (int i = 0; i < r.count; i++) v[i] = r.dtype.equals("<f4") ? r.data.getFloat() : (float) integer(r);
        return new Array(r.dtype, r.shape, v);
    }

    /** Reads an integer file ({@code <i2}, {@code <i4}, {@code <i8}) exactly. */
    public static Ints readIntegers(Path file) throws IOException {
        Raw r = raw(file);
        if (r.dtype.equals("<f4")) throw new IOException(file + ": dtype <f4, expected an integer array (<i2, <i4 or <i8)");
        long[] v = new long[r.count];
        for (int i = 0; i < r.count; i++) v[i] = integer(r);
        return new Ints(r.dtype, r.shape, v);
    }

    private static long integer(Raw r) {
        return switch (r.dtype) {
            case "<i2" -> r.data.getShort();
            case "<i4" -> r.data.getInt();
            default -> r.data.getLong();
        };
    }

    private record Raw(String dtype, long[] shape, int count, ByteBuffer data) {}

    private static Raw raw(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        if (b.remaining() < 10) throw new IOException(file + ": too short for a .npy file");
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) throw new IOException(file + ": not a .npy file (bad magic)");
        int major = b.get(), minor = b.get();
        if (major != 1 || minor != 0) throw new IOException(file + ": .npy version " + major + "." + minor + ", only 1.0 is read");
        int len = Short.toUnsignedInt(b.getShort());
        if (b.remaining() < len) throw new IOException(file + ": header is cut off");
        byte[] h = new byte[len];
        b.get(h);
        String header = new String(h, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) throw new IOException(file + ": unexpected .npy header " + header.strip());
        String dtype = m.group(1);
        if (!List.of("<f4", "<i2", "<i4", "<i8").contains(dtype)) throw new IOException(file + ": dtype " + dtype + ", expected <f4, <i2, <i4 or <i8");
        if (m.group(2).equals("True")) throw new IOException(file + ": Fortran order is not read");
        long[] shape = Arrays.stream(m.group(3).split(",")).map(String::strip).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long d : shape) n *= d;
        if (b.remaining() != n * size(dtype)) {
            throw new IOException(file + ": " + b.remaining() + " data bytes, shape " + Arrays.toString(shape) + " of " + dtype + " needs " + n * size(dtype));
        }
        return new Raw(dtype, shape, (int) n, b);
    }
}
