package dev.hass.export;

import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.nn.Quantizer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The accelerator's arithmetic, bit for bit, in plain Java (no DJL, no floating point): the integer reference
 * of the fixed-point package (docs/hardware.md, "Fixed-point arithmetic"). Every prunable layer reads its input
 * rounded to the data format (after τ_a); its MACs are exact in a 64-bit accumulator; the epilogue (×multiplier,
 * +shift) is exact; ReLU, max/average pooling, residual additions and flattening work on the exact wide values;
 * the next rounding is at the next layer's input (or the logits). Average pools keep their divisor beside the
 * value and divide once, in that rounding. Overflow of the 64-bit arithmetic throws (it never happens at 16 bits,
 * the widths we export). Supported: Conv, Gemm, ReLU, MaxPool/AveragePool, global pools, Add, Flatten.
 */
final class IntegerForward {
    private final Network net;
    private final Quantizer data;
    private final Map<String, IntegerLayer> layers;

    IntegerForward(Network net, Quantizer data, Map<String, IntegerLayer> layers) {
        this.net = net;
        this.data = data;
        this.layers = layers;
        String problem = unsupported(net);
        if (problem != null) throw new IllegalArgumentException(problem);
        for (Node n : net.nodes()) {
            if (n.isPrunable() && !layers.containsKey(n.name())) throw new IllegalArgumentException("no integer parameters for layer " + n.name());
        }
    }

    /** The first node of {@code net} the integer arithmetic has no rule for (a message naming it and its op), or null. */
    static String unsupported(Network net) {
        for (Node n : net.nodes()) {
            Op op = n.op();
            boolean ok = op instanceof Op.Conv || op instanceof Op.InnerProduct || op instanceof Op.Pool || op instanceof Op.GlobalPool
                    || op instanceof Op.Flatten || op instanceof Op.Activation a && a.type() == Op.ActivationKind.RELU
                    || op instanceof Op.Eltwise e && e.type() == Op.EltwiseKind.ADD;
            if (!ok) {
                String what = op instanceof Op.BatchNorm ? "BatchNorm not right after a conv that only it reads" : op.kind();
                return "node " + n.name() + " (" + what + "): the fixed-point package defines integer "
                        + "arithmetic for Conv, Gemm, ReLU, pooling, Add and Flatten only; export with --float";
            }
        }
        return null;
    }

    /** A tensor between two roundings: exactly {@code v / (div · 2^frac)}. */
    record Wide(long[] v, int frac, long div) {}

    /**
     * Runs one image. {@code image} is the network input as integers of the data format; {@code layerInput} sees
     * every prunable layer's input as rounded (after τ_a) and returns what the layer shall read (the verifier
     * continues from the exported vector, so a difference is reported at the layer where it starts).
     * Returns the logits rounded to the data format.
     */
    int[] run(int[] image, BiFunction<String, int[], int[]> layerInput) {
        Map<String, Wide> v = new HashMap<>();
        long[] x0 = new long[image.length];
        for (int i = 0; i < x0.length; i++) x0[i] = image[i];
        v.put(net.inputName(), new Wide(x0, data.fractionBits(), 1));
        for (Node n : net.nodes()) {
            Wide x = v.get(n.inputs().get(0));
            TensorShape in = net.inputShape(n.name()), out = net.outputShape(n.name());
            Op op = n.op();
            Wide y;
            if (n.isPrunable()) {
                IntegerLayer p = layers.get(n.name());
                int[] q = layerInput.apply(n.name(), requantize(x, p.tauA()));
                y = op instanceof Op.Conv c ? conv(p, c, q, in, out) : innerProduct(p, (Op.InnerProduct) op, q);
            } else if (op instanceof Op.Pool p) {
                y = pool(p, x, in, out);
            } else if (op instanceof Op.GlobalPool g) {
                y = globalPool(g, x, in);
            } else if (op instanceof Op.Activation) {
                long[] r = new long[x.v().length];
                for (int i = 0; i < r.length; i++) r[i] = Math.max(0, x.v()[i]);
                y = new Wide(r, x.frac(), x.div());
            } else if (op instanceof Op.Eltwise) {
                y = x;
                for (int i = 1; i < n.inputs().size(); i++) y = add(y, v.get(n.inputs().get(i)), n.name());
            } else {
                y = x;   // flatten: the same C-order data
            }
            v.put(n.name(), y);
        }
        return requantize(v.get(net.output().name()), 0f);
    }

    /** τ_a (keep x when x > τ_a; τ_a = 0 keeps everything) and rounding to the data format. */
    int[] requantize(Wide x, float tau) {
        long keepAbove = tau > 0 ? threshold(tau, x.frac(), x.div()) : Long.MIN_VALUE;
        int[] q = new int[x.v().length];
        for (int i = 0; i < q.length; i++) {
            long v = x.v()[i];
            q[i] = tau > 0 && !(v > keepAbove) ? 0 : round(v, x.frac(), x.div(), data);
        }
        return q;
    }

    /** The largest integer v with v / (div · 2^frac) ≤ τ: the value is kept when v > it (exactly the float32 comparison x > τ). */
    static long threshold(float tau, int frac, long div) {
        return new BigDecimal(tau).multiply(BigDecimal.valueOf(div)).multiply(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(frac)))
                .setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * {@code v / (div · 2^frac)} to the nearest integer multiple of 2^-F of {@code to}, ties away from zero (as
     * {@link Quantizer#quantize}), saturated to its signed range.
     */
    static int round(long v, int frac, long div, Quantizer to) {
        int drop = frac - to.fractionBits();
        if (drop < 0) {
            v = Math.multiplyExact(v, 1L << -drop);
            drop = 0;
        }
        long d = Math.multiplyExact(div, 1L << drop);
        long mag = Math.addExact(Math.multiplyExact(2, Math.abs(v)), d) / Math.multiplyExact(2, d);
        long k = v < 0 ? -mag : mag;
        long hi = (1L << (to.bits() - 1)) - 1, lo = -(1L << (to.bits() - 1));
        return (int) Math.max(lo, Math.min(hi, k));
    }

    private Wide conv(IntegerLayer p, Op.Conv c, int[] x, TensorShape in, TensorShape out) {
        int g = c.groups(), cin = in.channels() / g, fper = c.filters() / g, kr = c.kernelRows(), kc = c.kernelCols();
        int[] w = p.weights();
        if (w.length != c.filters() * cin * kr * kc) {
            throw new IllegalArgumentException(p.name() + ": " + w.length + " integer weights, the layer has " + c.filters() * cin * kr * kc);
        }
        long[] y = new long[out.channels() * out.rows() * out.cols()];
        for (int f = 0; f < c.filters(); f++) {
            int grp = f / fper;
            for (int r = 0; r < out.rows(); r++) {
                for (int q = 0; q < out.cols(); q++) {
                    long acc = 0;
                    for (int ci = 0; ci < cin; ci++) {
                        int ch = grp * cin + ci;
                        for (int i = 0; i < kr; i++) {
                            int rr = r * c.strideRows() - c.padTop() + i;
                            if (rr < 0 || rr >= in.rows()) continue;
                            for (int j = 0; j < kc; j++) {
                                int cc = q * c.strideCols() - c.padLeft() + j;
                                if (cc < 0 || cc >= in.cols()) continue;
                                acc += (long) w[((f * cin + ci) * kr + i) * kc + j] * x[(ch * in.rows() + rr) * in.cols() + cc];
                            }
                        }
                    }
                    y[(f * out.rows() + r) * out.cols() + q] = epilogue(p, f, acc);
                }
            }
        }
        return new Wide(y, p.resultFraction(data.fractionBits()), 1);
    }

    private Wide innerProduct(IntegerLayer p, Op.InnerProduct ip, int[] x) {
        int[] w = p.weights();
        if (w.length != ip.outFeatures() * x.length) {
            throw new IllegalArgumentException(p.name() + ": " + w.length + " integer weights, the layer has " + ip.outFeatures() * x.length);
        }
        long[] y = new long[ip.outFeatures()];
        for (int o = 0; o < y.length; o++) {
            long acc = 0;
            for (int i = 0; i < x.length; i++) acc += (long) w[o * x.length + i] * x[i];
            y[o] = epilogue(p, o, acc);
        }
        return new Wide(y, p.resultFraction(data.fractionBits()), 1);
    }

    /** acc · multiplier + shift, exact (16-bit operands and ≤ 2^16 terms keep acc within 48 bits). */
    private static long epilogue(IntegerLayer p, int channel, long acc) {
        long m = p.multiplier() == null ? 1 : p.multiplier()[channel];
        return Math.addExact(Math.multiplyExact(acc, m), p.shift()[channel]);
    }

    private static Wide pool(Op.Pool p, Wide x, TensorShape in, TensorShape out) {
        boolean max = p.type() == Op.PoolKind.MAX;
        long[] y = new long[out.channels() * out.rows() * out.cols()];
        for (int ch = 0; ch < out.channels(); ch++) {
            for (int r = 0; r < out.rows(); r++) {
                for (int q = 0; q < out.cols(); q++) {
                    long m = max ? Long.MIN_VALUE : 0;
                    for (int i = 0; i < p.kernelRows(); i++) {
                        for (int j = 0; j < p.kernelCols(); j++) {
                            int rr = r * p.strideRows() - p.padTop() + i, cc = q * p.strideCols() - p.padLeft() + j;
                            if (rr < 0 || rr >= in.rows() || cc < 0 || cc >= in.cols()) continue;   // padding: skipped by max, 0 in the sum
                            long v = x.v()[(ch * in.rows() + rr) * in.cols() + cc];
                            m = max ? Math.max(m, v) : Math.addExact(m, v);
                        }
                    }
                    y[(ch * out.rows() + r) * out.cols() + q] = m;
                }
            }
        }
        // the average counts the padding (PyTorch's default), so its divisor is the window's size
        return new Wide(y, x.frac(), max ? x.div() : Math.multiplyExact(x.div(), (long) p.kernelRows() * p.kernelCols()));
    }

    private static Wide globalPool(Op.GlobalPool g, Wide x, TensorShape in) {
        boolean max = g.type() == Op.PoolKind.MAX;
        int hw = in.rows() * in.cols();
        long[] y = new long[in.channels()];
        for (int ch = 0; ch < in.channels(); ch++) {
            long m = max ? Long.MIN_VALUE : 0;
            for (int i = 0; i < hw; i++) m = max ? Math.max(m, x.v()[ch * hw + i]) : Math.addExact(m, x.v()[ch * hw + i]);
            y[ch] = m;
        }
        return new Wide(y, x.frac(), max ? x.div() : Math.multiplyExact(x.div(), hw));
    }

    /** a + b exactly: both brought to the larger fraction and the common divisor. */
    private static Wide add(Wide a, Wide b, String node) {
        if (a.v().length != b.v().length) throw new IllegalArgumentException(node + ": Add of " + a.v().length + " and " + b.v().length + " values");
        int frac = Math.max(a.frac(), b.frac());
        long div = a.div() == b.div() ? a.div() : Math.multiplyExact(a.div(), b.div());
        long sa = Math.multiplyExact(1L << (frac - a.frac()), div / a.div()), sb = Math.multiplyExact(1L << (frac - b.frac()), div / b.div());
        long[] y = new long[a.v().length];
        for (int i = 0; i < y.length; i++) y[i] = Math.addExact(Math.multiplyExact(a.v()[i], sa), Math.multiplyExact(b.v()[i], sb));
        return new Wide(y, frac, div);
    }
}
