package dev.hass.export;

import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.onnx.OnnxExport;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.onnx.ProtoWriter;
import dev.hass.nn.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.int.onnx}: the fixed-point network for ONNX Runtime (opset 13, standard operators only). Weights
 * are INT16 initializers, each turned into values by Cast and a Mul by 2^-F; every Conv/Gemm input is thresholded
 * (x · [x > τ_a]) and rounded exactly as our oracle rounds — sign(x)·floor(|x|·2^F + 0.5), Clip to the signed
 * range, ×2^-F — and every layer's output gets its BatchNorm multiplier (Mul) and shift (Add) per channel. The
 * output {@code logits_int} is INT16 in the data format. Why not QuantizeLinear/DequantizeLinear: QuantizeLinear
 * rounds ties to even where our hardware rounds them away from zero, and INT16 needs opset 21. What an ONNX
 * runtime cannot reproduce exactly is the accumulation: its Conv sums in float32, so a value within float32's
 * rounding of a rounding boundary can come out one LSB off the integer reference (measured: none on our tests).
 */
final class QuantizedOnnx {
    private static final int FLOAT = 1, INT16 = 5;
    static final String OUTPUT = "logits_int";

    private QuantizedOnnx() {}

    static void write(Path file, Network fused, Map<String, IntegerLayer> layers, Quantizer data) throws IOException {
        Network net = OnnxExport.asWritten(fused);
        Builder b = new Builder();
        Map<String, String> out = new HashMap<>();
        out.put(net.inputName(), net.inputName());
        float lo = -(float) Math.scalb(1.0, data.bits() - 1), hi = (float) (Math.scalb(1.0, data.bits() - 1) - 1);
        b.scalar("q.scale", (float) data.scale());
        b.scalar("q.lsb", (float) (1 / data.scale()));
        b.scalar("q.half", 0.5f);
        b.scalar("q.lo", lo);
        b.scalar("q.hi", hi);
        for (Node n : net.nodes()) {
            String nm = n.name();
            List<String> ins = new ArrayList<>(n.inputs().stream().map(out::get).toList());
            Op o = n.op();
            String y;
            if (n.isPrunable()) {
                IntegerLayer p = layers.get(nm);
                String x = ins.get(0);
                if (p.tauA() > 0) {
                    b.scalar(nm + ".tau", p.tauA());
                    String keep = b.op("Greater", nm + ".keep", List.of(x, nm + ".tau"));
                    String keepF = b.op("Cast", nm + ".keepf", List.of(keep), intAttr("to", FLOAT));
                    x = b.op("Mul", nm + ".thresholded", List.of(x, keepF));
                }
                x = round(b, nm + ".in", x);
                long[] dims = FixedPointPackage.weightShape(net, nm);
                b.int16(nm + ".weight_int", dims, p.weights());
                b.scalar(nm + ".weight_scale", (float) (1 / p.weightFormat().scale()));
                String wf = b.op("Cast", nm + ".weight_f", List.of(nm + ".weight_int"), intAttr("to", FLOAT));
                String w = b.op("Mul", nm + ".weight", List.of(wf, nm + ".weight_scale"));
                boolean conv = o instanceof Op.Conv;
                if (o instanceof Op.Conv c) {
                    y = b.op("Conv", nm, List.of(x, w), intsAttr("kernel_shape", c.kernelRows(), c.kernelCols()),
                            intsAttr("strides", c.strideRows(), c.strideCols()),
                            intsAttr("pads", c.padTop(), c.padLeft(), c.padBottom(), c.padRight()), intsAttr("dilations", 1, 1),
                            intAttr("group", c.groups()));
                } else {
                    y = b.op("Gemm", nm, List.of(x, w), intAttr("transB", 1));
                }
                int ch = p.shift().length;
                long[] cd = conv ? new long[] {ch, 1, 1} : new long[] {ch};
                if (p.multiplier() != null) {
                    float[] m = new float[ch];
                    for (int i = 0; i < ch; i++) m[i] = (float) (p.multiplier()[i] / p.multiplierFormat().scale());   // 24 bits: exact
                    b.floats(nm + ".multiplier", cd, m);
                    y = b.op("Mul", nm + ".scaled", List.of(y, nm + ".multiplier"));
                }
                float[] s = new float[ch];
                for (int i = 0; i < ch; i++) s[i] = (float) Math.scalb((double) p.shift()[i], -p.resultFraction(data.fractionBits()));
                b.floats(nm + ".shift", cd, s);
                y = b.op("Add", nm + ".shifted", List.of(y, nm + ".shift"));
            } else if (o instanceof Op.Pool p) {
                y = b.op(p.type() == Op.PoolKind.MAX ? "MaxPool" : "AveragePool", nm, ins,
                        intsAttr("kernel_shape", p.kernelRows(), p.kernelCols()), intsAttr("strides", p.strideRows(), p.strideCols()),
                        intsAttr("pads", p.padTop(), p.padLeft(), p.padBottom(), p.padRight()));
            } else if (o instanceof Op.GlobalPool p) {
                y = b.op(p.type() == Op.PoolKind.MAX ? "GlobalMaxPool" : "GlobalAveragePool", nm, ins);
            } else if (o instanceof Op.Activation a && a.type() == Op.ActivationKind.RELU) {
                y = b.op("Relu", nm, ins);
            } else if (o instanceof Op.Eltwise e && e.type() == Op.EltwiseKind.ADD) {
                y = ins.get(0);
                for (int i = 1; i < ins.size(); i++) y = b.op("Add", nm + (i > 1 ? "." + i : ""), List.of(y, ins.get(i)));
            } else if (o instanceof Op.Flatten) {
                y = b.op("Flatten", nm, ins, intAttr("axis", 1));
            } else {
                throw new IllegalArgumentException("node " + nm + " (" + o.kind() + "): no integer arithmetic defined; export with --float");
            }
            out.put(nm, y);
        }
        String logits = round(b, "logits", out.get(net.output().name()));
        String scaled = b.op("Mul", "logits.int_valued", List.of(logits, "q.scale"));
        b.op("Cast", OUTPUT, List.of(scaled), intAttr("to", INT16));
        Files.write(file, b.model(net, OUTPUT, net.outputShape().elements()));
    }

    /** The oracle's rounding in float32: sign(x)·floor(|x|·2^F + 0.5), clipped to the signed range, ×2^-F. */
    private static String round(Builder b, String nm, String x) {
        String a = b.op("Abs", nm + ".abs", List.of(x));
        String s = b.op("Mul", nm + ".scaled", List.of(a, "q.scale"));
        String h = b.op("Add", nm + ".half", List.of(s, "q.half"));
        String f = b.op("Floor", nm + ".floor", List.of(h));
        String sg = b.op("Sign", nm + ".sign", List.of(x));
        String k = b.op("Mul", nm + ".int", List.of(f, sg));
        String c = b.op("Clip", nm + ".sat", List.of(k, "q.lo", "q.hi"));
        return b.op("Mul", nm + ".q", List.of(c, "q.lsb"));
    }

    private static ProtoWriter intAttr(String name, long v) { return new ProtoWriter().string(1, name).varint(3, v).varint(20, 2); }

    private static ProtoWriter intsAttr(String name, long... v) { return new ProtoWriter().string(1, name).packedVarints(8, v).varint(20, 7); }

    /** Nodes and initializers of one graph; every node writes one tensor named after it. */
    private static final class Builder {
        final List<ProtoWriter> nodes = new ArrayList<>(), inits = new ArrayList<>();

        String op(String type, String name, List<String> inputs, ProtoWriter... attrs) {
            ProtoWriter n = new ProtoWriter();
            for (String i : inputs) n.string(1, i);
            n.string(2, name).string(3, name).string(4, type);
            for (ProtoWriter a : attrs) n.message(5, a);
            nodes.add(n);
            return name;
        }

        void scalar(String name, float v) { floats(name, new long[] {}, new float[] {v}); }

        void floats(String name, long[] dims, float[] v) {
            byte[] raw = new byte[v.length * 4];
            for (int i = 0; i < v.length; i++) {
                int x = Float.floatToIntBits(v[i]);
                for (int k = 0; k < 4; k++) raw[i * 4 + k] = (byte) (x >>> (8 * k));
            }
            inits.add(tensor(name, dims, FLOAT, raw));
        }

        void int16(String name, long[] dims, int[] v) {
            byte[] raw = new byte[v.length * 2];
            for (int i = 0; i < v.length; i++) {
                raw[2 * i] = (byte) v[i];
                raw[2 * i + 1] = (byte) (v[i] >>> 8);
            }
            inits.add(tensor(name, dims, INT16, raw));
        }

        private static ProtoWriter tensor(String name, long[] dims, int type, byte[] raw) {
            ProtoWriter t = new ProtoWriter();
            if (dims.length > 0) t.packedVarints(1, dims);
            return t.varint(2, type).string(8, name).bytes(9, raw);
        }

        byte[] model(Network net, String output, long classes) {
            ProtoWriter g = new ProtoWriter();
            for (ProtoWriter n : nodes) g.message(1, n);
            g.string(2, net.name() + "_fixed_point");
            for (ProtoWriter t : inits) g.message(5, t);
            g.message(11, valueInfo(net.inputName(), FLOAT, -1, net.input().channels(), net.input().rows(), net.input().cols()));
            g.message(12, valueInfo(output, INT16, -1, classes));
            return new ProtoWriter().varint(1, 7).string(2, "hass")
                    .message(8, new ProtoWriter().string(1, "").varint(2, 13))
                    .message(7, g).bytes();
        }

        /** A tensor type with these dims; -1 = the symbolic batch dimension N. */
        private static ProtoWriter valueInfo(String name, int type, long... dims) {
            ProtoWriter shape = new ProtoWriter();
            for (long d : dims) shape.message(1, d < 0 ? new ProtoWriter().string(2, "N") : new ProtoWriter().varint(1, d));
            ProtoWriter tensorType = new ProtoWriter().varint(1, type).message(2, shape);
            return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
        }
    }
}
