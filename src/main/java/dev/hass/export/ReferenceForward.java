package dev.hass.export;

import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A plain-Java float inference of an exported network (our IR + its ONNX initializers), one image at a
 * time, tensors C×H×W in C order. It is the independent check of the package: it knows nothing of DJL.
 * {@code prunableInput} sees (and may replace) the input of every Conv/InnerProduct node before the node
 * computes — the verifier uses it to apply τ_a and compare with the golden vectors.
 */
final class ReferenceForward {
    private final Network net;
    private final Map<String, float[]> init;

    ReferenceForward(Network net, Map<String, float[]> initializers) {
        this.net = net;
        this.init = initializers;
    }

    /** The output of every node (and the input) for one image. */
    Map<String, float[]> run(float[] image, BiFunction<String, float[], float[]> prunableInput) {
        Map<String, float[]> v = new HashMap<>();
        v.put(net.inputName(), image);
        for (Node n : net.nodes()) {
            float[] x = v.get(n.inputs().get(0));
            TensorShape in = net.inputShape(n.name()), out = net.outputShape(n.name());
            if (n.isPrunable()) x = prunableInput.apply(n.name(), x);
            float[] y;
            Op op = n.op();
            if (op instanceof Op.Conv c) y = conv(n.name(), c, x, in, out);
            else if (op instanceof Op.InnerProduct ip) y = innerProduct(n.name(), ip, x);
            else if (op instanceof Op.Pool p) y = pool(p, x, in, out);
            else if (op instanceof Op.GlobalPool g) y = globalPool(g, x, in);
            else if (op instanceof Op.Activation a) y = activation(a.type(), x);
            else if (op instanceof Op.BatchNorm) y = batchNorm(n.name(), x, in);
            else if (op instanceof Op.Eltwise e) y = eltwise(e, n, v);
            else y = x;   // flatten: same C-order data
            v.put(n.name(), y);
        }
        return v;
    }

    private float[] need(String name, int n) {
        float[] w = init.get(name);
        if (w == null) throw new IllegalArgumentException("model.onnx has no initializer " + name);
        if (w.length != n) throw new IllegalArgumentException("model.onnx initializer " + name + " has " + w.length + " values, expected " + n);
        return w;
    }

    private float[] conv(String name, Op.Conv c, float[] x, TensorShape in, TensorShape out) {
        int g = c.groups(), cin = in.channels() / g, fper = c.filters() / g, kr = c.kernelRows(), kc = c.kernelCols();
        float[] w = need(name + ".weight", c.filters() * cin * kr * kc);
        float[] b = c.bias() ? need(name + ".bias", c.filters()) : null;
        float[] y = new float[out.channels() * out.rows() * out.cols()];
        for (int f = 0; f < c.filters(); f++) {
            int grp = f / fper;
            for (int r = 0; r < out.rows(); r++) {
                for (int q = 0; q < out.cols(); q++) {
                    double s = b == null ? 0 : b[f];
                    for (int ci = 0; ci < cin; ci++) {
                        int ch = grp * cin + ci;
                        for (int i = 0; i < kr; i++) {
                            int rr = r * c.strideRows() - c.padTop() + i;
                            if (rr < 0 || rr >= in.rows()) continue;
                            for (int j = 0; j < kc; j++) {
                                int cc = q * c.strideCols() - c.padLeft() + j;
                                if (cc < 0 || cc >= in.cols()) continue;
                                s += w[((f * cin + ci) * kr + i) * kc + j] * x[(ch * in.rows() + rr) * in.cols() + cc];
                            }
                        }
                    }
                    y[(f * out.rows() + r) * out.cols() + q] = (float) s;
                }
            }
        }
        return y;
    }

    private float[] innerProduct(String name, Op.InnerProduct ip, float[] x) {
        float[] w = need(name + ".weight", ip.outFeatures() * x.length);
        float[] b = ip.bias() ? need(name + ".bias", ip.outFeatures()) : null;
        float[] y = new float[ip.outFeatures()];
        for (int o = 0; o < y.length; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < x.length; i++) s += w[o * x.length + i] * x[i];
            y[o] = (float) s;
        }
        return y;
    }

    private static float[] pool(Op.Pool p, float[] x, TensorShape in, TensorShape out) {
        float[] y = new float[out.channels() * out.rows() * out.cols()];
        for (int ch = 0; ch < out.channels(); ch++) {
            for (int r = 0; r < out.rows(); r++) {
                for (int q = 0; q < out.cols(); q++) {
                    double m = p.type() == Op.PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0;
                    for (int i = 0; i < p.kernelRows(); i++) {
                        for (int j = 0; j < p.kernelCols(); j++) {
                            int rr = r * p.strideRows() - p.padTop() + i, cc = q * p.strideCols() - p.padLeft() + j;
                            boolean inside = rr >= 0 && rr < in.rows() && cc >= 0 && cc < in.cols();
                            double v = inside ? x[(ch * in.rows() + rr) * in.cols() + cc] : (p.type() == Op.PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0);
                            m = p.type() == Op.PoolKind.MAX ? Math.max(m, v) : m + v;   // average counts the padding (PyTorch default)
                        }
                    }
                    y[(ch * out.rows() + r) * out.cols() + q] = (float) (p.type() == Op.PoolKind.MAX ? m : m / (p.kernelRows() * p.kernelCols()));
                }
            }
        }
        return y;
    }

    private static float[] globalPool(Op.GlobalPool g, float[] x, TensorShape in) {
        int hw = in.rows() * in.cols();
        float[] y = new float[in.channels()];
        for (int ch = 0; ch < in.channels(); ch++) {
            double m = g.type() == Op.PoolKind.MAX ? Double.NEGATIVE_INFINITY : 0;
            for (int i = 0; i < hw; i++) m = g.type() == Op.PoolKind.MAX ? Math.max(m, x[ch * hw + i]) : m + x[ch * hw + i];
            y[ch] = (float) (g.type() == Op.PoolKind.MAX ? m : m / hw);
        }
        return y;
    }

    private static float[] activation(Op.ActivationKind k, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            y[i] = switch (k) {
                case RELU -> Math.max(0f, v);
                case RELU6 -> Math.min(6f, Math.max(0f, v));
                case HARDSIGMOID -> Math.min(1f, Math.max(0f, v / 6f + 0.5f));
                case HARDSWISH -> v * Math.min(1f, Math.max(0f, v / 6f + 0.5f));
                case SIGMOID -> (float) (1 / (1 + Math.exp(-v)));
            };
        }
        return y;
    }

    private float[] batchNorm(String name, float[] x, TensorShape in) {
        int c = in.channels(), hw = in.rows() * in.cols();
        float[] gamma = need(name + ".weight", c), beta = need(name + ".bias", c);
        float[] mean = need(name + ".running_mean", c), var = need(name + ".running_var", c);
        float[] y = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            double scale = gamma[ch] / Math.sqrt(var[ch] + 1e-5);
            for (int i = 0; i < hw; i++) y[ch * hw + i] = (float) ((x[ch * hw + i] - mean[ch]) * scale + beta[ch]);
        }
        return y;
    }

    /** Add or multiply; a C×1×1 operand broadcasts over H×W (squeeze-and-excitation). */
    private float[] eltwise(Op.Eltwise e, Node n, Map<String, float[]> v) {
        float[] acc = null;
        for (String i : n.inputs()) {
            float[] x = v.get(i);
            if (acc == null) { acc = x.clone(); continue; }
            float[] big = acc.length >= x.length ? acc : x, small = acc.length >= x.length ? x : acc;
            float[] y = big.clone();
            int per = big.length / small.length;
            for (int k = 0; k < big.length; k++) {
                float s = small[k / per];
                y[k] = e.type() == Op.EltwiseKind.ADD ? big[k] + s : big[k] * s;
            }
            acc = y;
        }
        return acc;
    }
}
