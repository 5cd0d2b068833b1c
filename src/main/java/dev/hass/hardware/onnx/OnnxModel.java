package dev.hass.hardware.onnx;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of onnx.proto the importer reads, decoded from the wire format with {@link ProtoReader}.
 * Field numbers are those of onnx.proto (ModelProto.graph = 7; GraphProto node = 1, initializer = 5,
 * input = 11, output = 12, value_info = 13; NodeProto input = 1, output = 2, name = 3, op_type = 4,
 * attribute = 5, domain = 7; AttributeProto name = 1, f = 2, i = 3, s = 4, t = 5, floats = 7,
 * ints = 8, type = 20; TensorProto dims = 1, data_type = 2, float_data = 4, int32_data = 5,
 * int64_data = 7, name = 8, raw_data = 9, double_data = 10, data_location = 14).
 * Tensor payloads stay views into the file's bytes.
 */
final class OnnxModel {
    private OnnxModel() {}

    static final int FLOAT = 1, INT32 = 6, INT64 = 7, DOUBLE = 11;

    record Tensor(String name, long[] dims, int dataType, ByteBuffer raw, float[] floatData, long[] intData,
                  double[] doubleData, boolean external) {
        long elements() {
            long n = 1;
            for (long d : dims) {
                if (d < 0) return -1;
                try { n = Math.multiplyExact(n, d); } catch (ArithmeticException e) { return -1; }
            }
            return n;
        }

        /** Values as doubles (float, double, int32, int64 tensors). */
        double[] values() {
            if (external) throw new ProtoReader.Malformed("tensor '" + name + "' is stored in external data, which is not read");
            long count = elements();
            if (count < 0 || count > 1 << 24) {
                throw new ProtoReader.Malformed("tensor '" + name + "' with dims " + java.util.Arrays.toString(dims) + " is not a small constant");
            }
            int n = (int) count;
            double[] v = new double[n];
            if (raw != null && raw.remaining() > 0) {
                int width = switch (dataType) {
                    case FLOAT, INT32 -> 4;
                    case INT64, DOUBLE -> 8;
                    default -> throw new ProtoReader.Malformed("tensor '" + name + "' has data type " + dataType + " (need float, double, int32 or int64)");
                };
                if (raw.remaining() != (long) n * width) {
                    throw new ProtoReader.Malformed("tensor '" + name + "' raw_data has " + raw.remaining() + " bytes, expected " + n + "×" + width);
                }
                ByteBuffer b = raw.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    v[i] = switch (dataType) {
                        case FLOAT -> b.getFloat();
                        case INT32 -> b.getInt();
                        case INT64 -> b.getLong();
                        default -> b.getDouble();
                    };
                }
                return v;
            }
            int have = dataType == FLOAT ? floatData.length : dataType == DOUBLE ? doubleData.length : intData.length;
            if (have != n) throw new ProtoReader.Malformed("tensor '" + name + "' holds " + have + " values, its dims " + java.util.Arrays.toString(dims) + " need " + n);
            for (int i = 0; i < n; i++) v[i] = dataType == FLOAT ? floatData[i] : dataType == DOUBLE ? doubleData[i] : intData[i];
            return v;
        }
    }

    record Attribute(String name, int type, float f, long i, String s, Tensor t, float[] floats, long[] ints) {}

    record Node(int index, String name, String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Attribute> attributes) {}

    /** A graph input/output/value_info: its name and dims (-1 where symbolic or absent; null if no shape). */
    record ValueInfo(String name, long[] dims) {}

    record Graph(List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs,
                 Map<String, ValueInfo> valueInfo) {}

    /** Decodes a ModelProto and returns its graph; {@link ProtoReader.Malformed} on bad bytes. */
    static Graph parse(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes);
        Graph graph = null;
        boolean sawIrVersion = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> { r.int64(); sawIrVersion = true; }
                case 7 -> graph = graph(r.message());
                default -> r.skip();
            }
        }
        if (graph == null) {
            throw new ProtoReader.Malformed("no graph (ModelProto field 7) found" + (sawIrVersion ? "" : " and no ir_version: not an ONNX model"));
        }
        return graph;
    }

    private static Graph graph(ProtoReader r) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> init = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        Map<String, ValueInfo> info = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    int idx = nodes.size();
                    try {
                        nodes.add(node(idx, r.message()));
                    } catch (ProtoReader.Malformed e) {
                        throw new ProtoReader.Malformed("node #" + idx + ": " + e.getMessage());
                    }
                }
                case 5 -> { Tensor t = tensor(r.message()); init.put(t.name(), t); }
                case 11 -> inputs.add(valueInfo(r.message()));
                case 12 -> outputs.add(valueInfo(r.message()));
                case 13 -> { ValueInfo v = valueInfo(r.message()); info.put(v.name(), v); }
                default -> r.skip();
            }
        }
        return new Graph(nodes, init, inputs, outputs, info);
    }

    private static Node node(int index, ProtoReader r) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        String name = "", op = "", domain = "";
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> { Attribute a = attribute(r.message()); attrs.put(a.name(), a); }
                case 7 -> domain = r.string();
                default -> r.skip();
            }
        }
        return new Node(index, name, op, domain, in, out, attrs);
    }

    private static Attribute attribute(ProtoReader r) {
        String name = "", s = null;
        int type = 0;
        float f = 0;
        long i = 0;
        Tensor t = null;
        ProtoReader.FloatList floats = new ProtoReader.FloatList();
        List<Long> ints = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 2 -> f = r.float32();
                case 3 -> i = r.int64();
                case 4 -> s = r.string();
                case 5 -> t = tensor(r.message());
                case 7 -> r.floats(floats);
                case 8 -> r.varints(ints);
                case 20 -> type = (int) r.int64();
                default -> r.skip();
            }
        }
        return new Attribute(name, type, f, i, s, t, floats.toArray(), ints.stream().mapToLong(Long::longValue).toArray());
    }

    private static Tensor tensor(ProtoReader r) {
        List<Long> dims = new ArrayList<>(), ints = new ArrayList<>();
        List<Double> doubles = new ArrayList<>();
        ProtoReader.FloatList floats = new ProtoReader.FloatList();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        boolean external = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.varints(dims);
                case 2 -> type = (int) r.int64();
                case 4 -> r.floats(floats);
                case 5, 7 -> r.varints(ints);
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 10 -> r.doubles(doubles);
                case 14 -> external = r.int64() == 1;
                default -> r.skip();
            }
        }
        return new Tensor(name, dims.stream().mapToLong(Long::longValue).toArray(), type, raw, floats.toArray(),
                ints.stream().mapToLong(Long::longValue).toArray(), doubles.stream().mapToDouble(Double::doubleValue).toArray(), external);
    }

    /** ValueInfoProto: name = 1, type = 2 → TypeProto.tensor_type = 1 → shape = 2 → dim = 1 → dim_value = 1. */
    static ValueInfo valueInfo(ProtoReader r) {
        String name = "";
        long[] dims = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 2 -> {
                    ProtoReader type = r.message();
                    while (type.next()) {
                        if (type.field() == 1 && type.wireType() == ProtoReader.LEN) {
                            ProtoReader tensor = type.message();
                            while (tensor.next()) {
                                if (tensor.field() == 2 && tensor.wireType() == ProtoReader.LEN) dims = shape(tensor.message());
                                else tensor.skip();
                            }
                        } else {
                            type.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new ValueInfo(name, dims);
    }

    private static long[] shape(ProtoReader r) {
        List<Long> dims = new ArrayList<>();
        while (r.next()) {
            if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                ProtoReader d = r.message();
                long v = -1;
                while (d.next()) {
                    if (d.field() == 1 && d.wireType() == ProtoReader.VARINT) v = d.varint();
                    else d.skip();
                }
                dims.add(v);
            } else {
                r.skip();
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}
