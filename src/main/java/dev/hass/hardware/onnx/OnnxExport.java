package dev.hass.hardware.onnx;

import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link Network} as an ONNX model (ir_version 7, opset 14) with our own protobuf writer, the way
 * PyTorch exports it: Conv with kernel_shape/strides/pads/dilations/group, Gemm with transB = 1 (after a Flatten
 * {@code <node>_flatten} unless its input already is rank 2: {@link #asWritten}), Clip with
 * min/max inputs for ReLU6, BatchNormalization with four initializers. Every Conv with histograms carries
 * fpgaConvNet's {@code channel_sparsity_hist} attribute (C·(K²+1) floats, row c = input channel c).
 * {@link OnnxImport#read} reads the file back as the same network ({@link #asWritten}) and histograms.
 *
 * <p>Weights: initializer {@code <node>.weight} / {@code <node>.bias} (BatchNorm: {@code .weight .bias
 * .running_mean .running_var}) takes its float values from {@code initializers}; a tensor absent from that
 * map is written with its dims only (a shape-only model, enough for the hardware tools).
 * Tensor names: the graph input keeps the network's input name, node {@code n} writes {@code n_out}.
 */
public final class OnnxExport {
    private OnnxExport() {}

    /** Writes the model to {@code file}. */
    public static void write(Path file, Network net, Map<String, ChannelHistograms> histograms,
                             Map<String, float[]> initializers) throws IOException {
        Files.write(file, toBytes(net, histograms, initializers));
    }

    /** The ONNX bytes of the network. */
    public static byte[] toBytes(Network network, Map<String, ChannelHistograms> histograms, Map<String, float[]> initializers) {
        Network net = asWritten(network);
        ProtoWriter g = new ProtoWriter().string(2, net.name());
        List<ProtoWriter> inits = new ArrayList<>();
        g.message(11, valueInfo(net.inputName(), 1, net.input().channels(), net.input().rows(), net.input().cols()));
        boolean clip = net.nodes().stream().anyMatch(n -> n.op() instanceof Op.Activation a && a.type() == Op.ActivationKind.RELU6);
        if (clip) {
            inits.add(tensor("zero", new long[] {}, new float[] {0f}));
            inits.add(tensor("six", new long[] {}, new float[] {6f}));
        }
        for (Node n : net.nodes()) {
            String nm = n.name();
            TensorShape in = net.inputShape(nm);
            List<String> ins = new ArrayList<>(n.inputs().stream().map(i -> i.equals(net.inputName()) ? i : i + "_out").toList());
            List<ProtoWriter> attrs = new ArrayList<>();
            String op;
            Op o = n.op();
            if (o instanceof Op.Conv c) {
                op = "Conv";
                inits.add(param(initializers, nm + ".weight", new long[] {c.filters(), in.channels() / c.groups(), c.kernelRows(), c.kernelCols()}));
                ins.add(nm + ".weight");
                if (c.bias()) { inits.add(param(initializers, nm + ".bias", new long[] {c.filters()})); ins.add(nm + ".bias"); }
                attrs.add(intsAttr("kernel_shape", c.kernelRows(), c.kernelCols()));
                attrs.add(intsAttr("strides", c.strideRows(), c.strideCols()));
                attrs.add(intsAttr("pads", c.padTop(), c.padLeft(), c.padBottom(), c.padRight()));
                attrs.add(intsAttr("dilations", 1, 1));
                attrs.add(intAttr("group", c.groups()));
                ChannelHistograms h = histograms.get(nm);
                if (h != null) attrs.add(floatsAttr(OnnxImport.HISTOGRAM_ATTRIBUTE, flatten(h)));
            } else if (o instanceof Op.InnerProduct ip) {
                op = "Gemm";
                inits.add(param(initializers, nm + ".weight", new long[] {ip.outFeatures(), in.elements()}));
                ins.add(nm + ".weight");
                if (ip.bias()) { inits.add(param(initializers, nm + ".bias", new long[] {ip.outFeatures()})); ins.add(nm + ".bias"); }
                attrs.add(intAttr("transB", 1));
            } else if (o instanceof Op.Pool p) {
                op = p.type() == Op.PoolKind.MAX ? "MaxPool" : "AveragePool";
                attrs.add(intsAttr("kernel_shape", p.kernelRows(), p.kernelCols()));
                attrs.add(intsAttr("strides", p.strideRows(), p.strideCols()));
                attrs.add(intsAttr("pads", p.padTop(), p.padLeft(), p.padBottom(), p.padRight()));
            } else if (o instanceof Op.GlobalPool p) {
                op = p.type() == Op.PoolKind.MAX ? "GlobalMaxPool" : "GlobalAveragePool";
            } else if (o instanceof Op.Activation a) {
                switch (a.type()) {
                    case RELU -> op = "Relu";
                    case RELU6 -> { op = "Clip"; ins.add("zero"); ins.add("six"); }
                    case HARDSWISH -> op = "HardSwish";
                    case HARDSIGMOID -> { op = "HardSigmoid"; attrs.add(floatAttr("alpha", 1 / 6f)); }
                    default -> op = "Sigmoid";
                }
            } else if (o instanceof Op.BatchNorm) {
                op = "BatchNormalization";
                for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
                    inits.add(param(initializers, nm + "." + p, new long[] {in.channels()}));
                    ins.add(nm + "." + p);
                }
                attrs.add(floatAttr("epsilon", 1e-5f));
            } else if (o instanceof Op.Eltwise e) {
                op = e.type() == Op.EltwiseKind.ADD ? "Add" : "Mul";
            } else {
                op = "Flatten";
                attrs.add(intAttr("axis", 1));
            }
            g.message(1, node(nm, op, ins, List.of(nm + "_out"), attrs));
        }
        for (ProtoWriter t : inits) g.message(5, t);
        TensorShape out = net.outputShape();
        g.message(12, out.rows() == 1 && out.cols() == 1
                ? valueInfo(net.output().name() + "_out", 1, out.channels())
                : valueInfo(net.output().name() + "_out", 1, out.channels(), out.rows(), out.cols()));
        return new ProtoWriter().varint(1, 7).string(2, "hass")
                .message(8, new ProtoWriter().string(1, "").varint(2, 14))
                .message(7, g).bytes();
    }

    /**
     * The network as the file holds it: a Flatten {@code <gemm>_flatten} before every InnerProduct whose input is not
     * rank 2 already (ONNX's Gemm takes rank 2; after a global pool the tensor is N×C×1×1, which ONNX Runtime refuses).
     * Lowering treats Flatten as no stage, so the hardware model sees the same design. {@code net} itself when none is needed.
     */
    public static Network asWritten(Network net) {
        Set<String> rank2 = new HashSet<>(), names = new HashSet<>();
        for (Node n : net.nodes()) names.add(n.name());
        List<Node> nodes = new ArrayList<>();
        boolean changed = false;
        for (Node n : net.nodes()) {
            Op o = n.op();
            if (o instanceof Op.InnerProduct && !rank2.contains(n.inputs().get(0))) {
                String flat = n.name() + "_flatten";
                while (names.contains(flat) || flat.equals(net.inputName())) flat += "_";
                names.add(flat);
                nodes.add(new Node(flat, new Op.Flatten(), List.of(n.inputs().get(0))));
                nodes.add(new Node(n.name(), o, List.of(flat)));
                rank2.add(n.name());
                changed = true;
                continue;
            }
            boolean elementwise = o instanceof Op.Activation || o instanceof Op.BatchNorm || o instanceof Op.Eltwise;
            if (o instanceof Op.Flatten || o instanceof Op.InnerProduct || elementwise && rank2.containsAll(n.inputs())) rank2.add(n.name());
            nodes.add(n);
        }
        return changed ? new Network(net.name(), net.inputName(), net.input(), nodes) : net;
    }

    /** The float initializers of an ONNX file by name (for checks of an exported model's weights). */
    public static Map<String, float[]> readInitializers(Path file) throws IOException {
        OnnxModel.Graph graph;
        try {
            graph = OnnxModel.parse(Files.readAllBytes(file));
        } catch (ProtoReader.Malformed e) {
            throw new OnnxFormatException(file, null, null, "not a readable ONNX model: " + e.getMessage());
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var e : graph.initializers().entrySet()) {
            OnnxModel.Tensor t = e.getValue();
            if (t.dataType() != OnnxModel.FLOAT) continue;
            double[] v = t.values();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            out.put(e.getKey(), f);
        }
        return out;
    }

    /** Row-major C·(K²+1) floats, the attribute's layout. */
    public static float[] flatten(ChannelHistograms h) {
        float[] flat = new float[h.channels() * h.bins()];
        for (int c = 0; c < h.channels(); c++) for (int z = 0; z < h.bins(); z++) flat[c * h.bins() + z] = (float) h.p()[c][z];
        return flat;
    }

    /** The histograms as the exported file holds them: every probability rounded to float. */
    public static ChannelHistograms asFloats(ChannelHistograms h) {
        double[][] p = new double[h.channels()][h.bins()];
        for (int c = 0; c < h.channels(); c++) for (int z = 0; z < h.bins(); z++) p[c][z] = (float) h.p()[c][z];
        return new ChannelHistograms(p);
    }

    private static ProtoWriter param(Map<String, float[]> values, String name, long[] dims) {
        float[] v = values.get(name);
        if (v == null) return tensor(name, dims, new float[0]);
        long n = 1;
        for (long d : dims) n *= d;
        if (v.length != n) {
            throw new IllegalArgumentException("initializer " + name + " has " + v.length + " values, its shape "
                    + java.util.Arrays.toString(dims) + " needs " + n);
        }
        return tensor(name, dims, v);
    }

    /** FLOAT TensorProto: dims, data_type 1, name, values as raw_data (little endian), as PyTorch writes them. */
    private static ProtoWriter tensor(String name, long[] dims, float[] values) {
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) t.packedVarints(1, dims);
        t.varint(2, OnnxModel.FLOAT).string(8, name);
        if (values.length > 0) {
            byte[] raw = new byte[values.length * 4];
            for (int i = 0; i < values.length; i++) {
                int x = Float.floatToIntBits(values[i]);
                for (int k = 0; k < 4; k++) raw[i * 4 + k] = (byte) (x >>> (8 * k));
            }
            t.bytes(9, raw);
        }
        return t;
    }

    private static ProtoWriter intAttr(String name, long v) { return new ProtoWriter().string(1, name).varint(3, v).varint(20, 2); }

    private static ProtoWriter intsAttr(String name, long... v) { return new ProtoWriter().string(1, name).packedVarints(8, v).varint(20, 7); }

    private static ProtoWriter floatsAttr(String name, float... v) { return new ProtoWriter().string(1, name).packedFloats(7, v).varint(20, 6); }

    private static ProtoWriter floatAttr(String name, float v) { return new ProtoWriter().string(1, name).fixed32(2, v).varint(20, 1); }

    private static ProtoWriter node(String name, String op, List<String> inputs, List<String> outputs, List<ProtoWriter> attrs) {
        ProtoWriter n = new ProtoWriter();
        for (String i : inputs) n.string(1, i);
        for (String o : outputs) n.string(2, o);
        n.string(3, name);
        n.string(4, op);
        for (ProtoWriter a : attrs) n.message(5, a);
        return n;
    }

    /** ValueInfoProto of a float tensor with fixed dims. */
    private static ProtoWriter valueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) shape.message(1, new ProtoWriter().varint(1, d));
        ProtoWriter tensorType = new ProtoWriter().varint(1, 1).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
