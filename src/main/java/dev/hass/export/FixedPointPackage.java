package dev.hass.export;

import dev.hass.hardware.graph.Network;
import dev.hass.nn.Quantizer;
import dev.hass.oracle.PrunableLayer;
import dev.hass.oracle.Thresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer half of a package exported at the oracle's fixed point: each prunable layer's integer weights,
 * BatchNorm multipliers and shifts ({@link IntegerLayer}), taken from the very model the oracle scored (weights
 * already on their per-layer grids), and the golden vectors the integer arithmetic ({@link IntegerForward})
 * computes from the rounded images. Beside them, how closely they agree with the oracle's own (float32)
 * fixed-point values: equal except where float32 rounding inside libtorch lands on the other side of a
 * rounding boundary.
 */
public final class FixedPointPackage {
    private static final float BN_EPS = 1e-5f;   // the zoo's BatchNorm epsilon

    /** Agreement of one integer tensor with the oracle's value on the same grid. */
    public record Agreement(String tensor, long values, long equal, long maxLsb) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("values", values);
            m.put("equal", equal);
            m.put("maxDifferenceLsb", maxLsb);
            return m;
        }
    }

    /** What the integer forward gave for the images, with its agreement with the oracle. */
    record Vectors(int[] image, Map<String, int[]> layerInputs, int[] logits, List<Agreement> agreement, int top1Agree, int images) {}

    private FixedPointPackage() {}

    /** The integer parameters of every prunable layer of the candidate (its weights quantised by the oracle). */
    static Map<String, IntegerLayer> layers(List<PrunableLayer> layers, ExportService.Candidate c, Quantizer weights, Quantizer data,
                                            Thresholds th) {
        Map<String, IntegerLayer> out = new LinkedHashMap<>();
        for (PrunableLayer l : layers) {
            float[] w = c.weights().get(l.name());
            Quantizer wf = weights.fitting(w);
            int[] wi = new int[w.length];
            for (int i = 0; i < w.length; i++) {
                if (!wf.onGrid(w[i])) {
                    throw new IllegalStateException(l.name() + ": weight " + w[i] + " is not on the " + wf + " grid the oracle quantised to");
                }
                wi[i] = (int) Math.round(w[i] * wf.scale());
            }
            int channels = l.outChannels();
            float[] b = c.biases().get(l.name());
            float[][] bn = c.batchNorm().get(l.name());
            double[] scale = new double[channels], shift = new double[channels];
            for (int o = 0; o < channels; o++) {
                double bias = b == null ? 0 : b[o];
                if (bn == null) {
                    scale[o] = 1;
                    shift[o] = bias;
                } else {
                    scale[o] = bn[0][o] / Math.sqrt((double) bn[3][o] + BN_EPS);
                    shift[o] = bn[1][o] + (bias - bn[2][o]) * scale[o];
                }
            }
            int[] m = null;
            Quantizer mf = null;
            if (bn != null) {
                double max = 0;
                for (double s : scale) max = Math.max(max, Math.abs(s));
                mf = new Quantizer(IntegerLayer.MULTIPLIER_BITS, IntegerLayer.MULTIPLIER_BITS - 1).fitting(max);
                m = new int[channels];
                for (int o = 0; o < channels; o++) m[o] = (int) Math.round(mf.quantize(scale[o]) * mf.scale());
            }
            int frac = data.fractionBits() + wf.fractionBits() + (mf == null ? 0 : mf.fractionBits());
            long[] sh = new long[channels];
            for (int o = 0; o < channels; o++) sh[o] = roundHalfAway(Math.scalb(shift[o], frac));
            out.put(l.name(), new IntegerLayer(l.name(), wi, wf, m, mf, sh, (float) th.activationOf(l.name())));
        }
        return out;
    }

    static long roundHalfAway(double x) {
        double r = Math.floor(Math.abs(x) + 0.5);
        if (r >= 0x1p63) throw new ArithmeticException(x + " does not fit in 64 bits");
        return x < 0 ? -(long) r : (long) r;
    }

    /** The image rounded to the data format (what the first layer reads), as integers. */
    static int[] image(float[] images, int i, int pixels, Quantizer data) {
        int[] q = new int[pixels];
        for (int k = 0; k < pixels; k++) q[k] = (int) Math.round(data.quantize(images[i * pixels + k]) * data.scale());
        return q;
    }

    /**
     * Runs the integer forward on every image and compares with the oracle's vectors (its recorded layer
     * inputs and logits, float32 values on the same grid).
     */
    static Vectors vectors(Network net, Quantizer data, Map<String, IntegerLayer> layers, float[] images, int n, ExportService.Candidate c) {
        IntegerForward f = new IntegerForward(net, data, layers);
        int px = (int) net.input().elements(), classes = (int) net.outputShape().elements();
        int[] img = new int[n * px];
        Map<String, int[]> inputs = new LinkedHashMap<>();
        for (String l : layers.keySet()) inputs.put(l, new int[n * (int) net.inputShape(l).elements()]);
        int[] logits = new int[n * classes];
        int agree = 0;
        for (int i = 0; i < n; i++) {
            final int image = i;
            int[] x = image(images, i, px, data);
            System.arraycopy(x, 0, img, i * px, px);
            int[] y = f.run(x, (layer, q) -> {
                System.arraycopy(q, 0, inputs.get(layer), image * q.length, q.length);
                return q;
            });
            System.arraycopy(y, 0, logits, i * classes, classes);
            float[] oracle = java.util.Arrays.copyOfRange(c.logits().values(), i * classes, (i + 1) * classes);
            if (argmax(y) == argmax(oracle)) agree++;
        }
        List<Agreement> agreement = new ArrayList<>();
        for (Map.Entry<String, int[]> e : inputs.entrySet()) {
            agreement.add(agreement(e.getKey() + ".input", e.getValue(), c.layerInputs().get(e.getKey()).values(), data));
        }
        agreement.add(agreement("logits", logits, c.logits().values(), data));
        return new Vectors(img, inputs, logits, agreement, agree, n);
    }

    private static Agreement agreement(String tensor, int[] ints, float[] oracle, Quantizer data) {
        long equal = 0, max = 0;
        for (int k = 0; k < ints.length; k++) {
            long o = Math.round(data.quantize(oracle[k]) * data.scale());
            long d = Math.abs(o - ints[k]);
            if (d == 0) equal++;
            max = Math.max(max, d);
        }
        return new Agreement(tensor, ints.length, equal, max);
    }

    static int argmax(int[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }

    static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }

    /** The Q format as the manifest and design.json name it. */
    static Map<String, Object> format(Quantizer q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bits", q.bits());
        m.put("integerBits", q.bits() - q.fractionBits());
        m.put("fractionBits", q.fractionBits());
        m.put("signed", true);
        m.put("q", "Q" + (q.bits() - q.fractionBits()) + "." + q.fractionBits());
        return m;
    }

    /** Writes the integer weights, multipliers and shifts into {@code dir}; returns their manifest entries. */
    static List<Map<String, Object>> writeParameters(Path dir, Map<String, IntegerLayer> layers, Network net, Quantizer data) throws IOException {
        List<Map<String, Object>> manifest = new ArrayList<>();
        for (IntegerLayer l : layers.values()) {
            long[] shape = weightShape(net, l.name());
            String wfile = fileStem(l.name()) + ".weight.i2.npy";
            Npy.writeInt16(dir.resolve(wfile), shape, l.weights());
            manifest.add(entry(wfile, l.name(), "weight", "<i2", shape, format(l.weightFormat()),
                    "the layer's weights (pruned, BatchNorm NOT folded in) as integers: w = value / 2^" + l.weightFormat().fractionBits()));
            long[] ch = {l.shift().length};
            if (l.multiplier() != null) {
                String mfile = fileStem(l.name()) + ".multiplier.i4.npy";
                Npy.writeInt32(dir.resolve(mfile), ch, l.multiplier());
                manifest.add(entry(mfile, l.name(), "multiplier", "<i4", ch, format(l.multiplierFormat()),
                        "per output channel: BatchNorm's scale γ/√(σ²+ε) = value / 2^" + l.multiplierFraction()));
            }
            String sfile = fileStem(l.name()) + ".shift.i8.npy";
            Npy.writeInt64(dir.resolve(sfile), ch, l.shift());
            int frac = l.resultFraction(data.fractionBits());
            Map<String, Object> sf = new LinkedHashMap<>();
            sf.put("bits", 64);
            sf.put("fractionBits", frac);
            sf.put("signed", true);
            manifest.add(entry(sfile, l.name(), "shift", "<i8", ch, sf,
                    "per output channel: " + (l.multiplier() != null ? "BatchNorm's β + (bias − μ)·scale" : "the bias")
                            + " = value / 2^" + frac + ", added to accumulator × multiplier"));
        }
        return manifest;
    }

    /**
     * A layer's name as the start of a file name: characters other than letters, digits, '.', '_' and '-' become '_'
     * (an ONNX node name such as {@code /stem/Conv} is not a file name). The manifest names the layer of every file.
     */
    static String fileStem(String layer) {
        return layer.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static long[] weightShape(Network net, String layer) {
        var op = net.node(layer).op();
        if (op instanceof dev.hass.hardware.graph.Op.Conv c) {
            return new long[] {c.filters(), net.inputShape(layer).channels() / c.groups(), c.kernelRows(), c.kernelCols()};
        }
        var ip = (dev.hass.hardware.graph.Op.InnerProduct) op;
        return new long[] {ip.outFeatures(), net.inputShape(layer).elements()};
    }

    static Map<String, Object> entry(String file, String layer, String kind, String dtype, long[] shape, Map<String, Object> format, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("layer", layer);
        m.put("kind", kind);
        m.put("dtype", dtype);
        m.put("shape", shape);
        if (format != null) m.put("format", format);
        m.put("description", what);
        return m;
    }
}
