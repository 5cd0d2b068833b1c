package dev.hass.hardware;

import static dev.hass.hardware.OnnxWriter.floatsAttr;
import static dev.hass.hardware.OnnxWriter.intAttr;
import static dev.hass.hardware.OnnxWriter.intsAttr;
import static dev.hass.hardware.OnnxWriter.tensor;
import static dev.hass.hardware.OnnxWriter.valueInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in network, written as ONNX the way PyTorch exports it (Gemm with transB, Clip with
 * min/max inputs for ReLU6, BatchNormalization with four initializers, histograms on every conv),
 * reads back as the same network with the same histograms.
 */
class OnnxRoundTripTest {
    @TempDir Path dir;

    static List<String> names() { return Networks.names(); }

    @ParameterizedTest
    @MethodSource("names")
    void builtInNetworksSurviveOnnx(String name) throws IOException {
        Network net = Networks.builtIn(name);
        Map<String, ChannelHistograms> hist = new LinkedHashMap<>();
        int seed = 1;
        for (Node n : net.nodesOf(Op.Conv.class)) {
            Op.Conv c = (Op.Conv) n.op();
            hist.put(n.name(), ChannelHistograms.binomial(net.inputShape(n.name()).channels(), c.kernelRows() * c.kernelCols(), (seed++ % 9) / 10.0));
        }
        Path file = dir.resolve(name + ".onnx");
        Files.write(file, toOnnx(net, hist));
        ImportedNetwork back = OnnxImport.read(file);
        assertEquals(net, back.network());
        assertEquals(net.shapes(), back.network().shapes());
        assertEquals(hist.keySet(), back.histograms().keySet());
        for (var e : hist.entrySet()) {
            double[][] want = e.getValue().p(), got = back.histograms().get(e.getKey()).p();
            for (int c = 0; c < want.length; c++) {
                for (int z = 0; z < want[c].length; z++) assertEquals((float) want[c][z], got[c][z], 0.0, e.getKey());
            }
        }
    }

    private static byte[] toOnnx(Network net, Map<String, ChannelHistograms> hist) {
        OnnxWriter g = new OnnxWriter().string(2, net.name());
        List<OnnxWriter> inits = new ArrayList<>();
        g.message(11, valueInfo(net.inputName(), 1, net.input().channels(), net.input().rows(), net.input().cols()));
        inits.add(tensor("zero", new long[] {}, 0f));
        inits.add(tensor("six", new long[] {}, 6f));
        for (Node n : net.nodes()) {
            String nm = n.name();
            TensorShape in = net.inputShape(nm);
            List<String> ins = new ArrayList<>(n.inputs().stream().map(i -> i.equals(net.inputName()) ? i : i + "_out").toList());
            List<OnnxWriter> attrs = new ArrayList<>();
            String op;
            Op o = n.op();
            if (o instanceof Op.Conv c) {
                op = "Conv";
                inits.add(tensor(nm + ".weight", new long[] {c.filters(), in.channels() / c.groups(), c.kernelRows(), c.kernelCols()}));
                ins.add(nm + ".weight");
                if (c.bias()) { inits.add(tensor(nm + ".bias", new long[] {c.filters()})); ins.add(nm + ".bias"); }
                attrs.add(intsAttr("kernel_shape", c.kernelRows(), c.kernelCols()));
                attrs.add(intsAttr("strides", c.strideRows(), c.strideCols()));
                attrs.add(intsAttr("pads", c.padTop(), c.padLeft(), c.padBottom(), c.padRight()));
                attrs.add(intsAttr("dilations", 1, 1));
                attrs.add(intAttr("group", c.groups()));
                ChannelHistograms h = hist.get(nm);
                float[] flat = new float[h.channels() * h.bins()];
                for (int ch = 0; ch < h.channels(); ch++) for (int z = 0; z < h.bins(); z++) flat[ch * h.bins() + z] = (float) h.p()[ch][z];
                attrs.add(floatsAttr(OnnxImport.HISTOGRAM_ATTRIBUTE, flat));
            } else if (o instanceof Op.InnerProduct ip) {
                op = "Gemm";
                inits.add(tensor(nm + ".weight", new long[] {ip.outFeatures(), in.elements()}));
                ins.add(nm + ".weight");
                if (ip.bias()) { inits.add(tensor(nm + ".bias", new long[] {ip.outFeatures()})); ins.add(nm + ".bias"); }
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
                    case HARDSIGMOID -> { op = "HardSigmoid"; attrs.add(OnnxWriter.floatAttr("alpha", 1 / 6f)); }
                    default -> op = "Sigmoid";
                }
            } else if (o instanceof Op.BatchNorm) {
                op = "BatchNormalization";
                for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
                    inits.add(tensor(nm + "." + p, new long[] {in.channels()}));
                    ins.add(nm + "." + p);
                }
                attrs.add(OnnxWriter.floatAttr("epsilon", 1e-5f));
            } else if (o instanceof Op.Eltwise e) {
                op = e.type() == Op.EltwiseKind.ADD ? "Add" : "Mul";
            } else {
                op = "Flatten";
                attrs.add(intAttr("axis", 1));
            }
            g.message(1, OnnxWriter.node(nm, op, ins.toArray(String[]::new), new String[] {nm + "_out"}, attrs.toArray(OnnxWriter[]::new)));
        }
        for (OnnxWriter t : inits) g.message(5, t);
        TensorShape out = net.outputShape();
        g.message(12, valueInfo(net.output().name() + "_out", 1, out.channels()));
        return OnnxWriter.model(g);
    }
}
