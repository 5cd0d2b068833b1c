package dev.hass.hardware.stage;

/**
 * LUT and flip-flop estimates ({@code long[]{lut, ff}}), our own linear models.
 *
 * <p>How they were obtained (once, offline, from the fpgaConvNet conformance vectors; nothing is fitted
 * at run time): every coefficient array below is a non-negative least-squares fit, weighted for
 * relative error, over analytic features of the hardware (stream counts, widths, lcm of squeeze
 * ratios, log2 of counter ranges, buffer sizes):
 * <ul>
 *   <li>sparse and pointwise conv: one model per internal module (pad, sliding window, squeeze,
 *       fork, vector dot, accumulator, glue, bias) fitted on the modules' own values, composed with
 *       the reference's multiplicities (per input stream, per multiplier group, per output stream);</li>
 *   <li>dense conv, inner product, pooling: one layer-level model each (the reference's dense
 *       modules are regressions over whole-layer parameters, so a layer fit is tighter);</li>
 *   <li>global pooling, ReLU, eltwise: per stream; squeeze and split: from the network runs.</li>
 * </ul>
 * Activations the reference lacks are composed from these parts (see {@link #activation}).
 * The conformance test reports the median relative error against the vectors.
 */
final class LogicModel {
    private LogicModel() {}

    private static final double[] SPARSE_PAD_LUT = {16.0};
    private static final double[] SPARSE_PAD_FF = {35.0};
    private static final double[] SPARSE_SLIDING_WINDOW_LUT = {8.788762, 2.164045, 2.503693, 2.576813, 0.093992, 0.062038, 0.0};
    private static final double[] SPARSE_SLIDING_WINDOW_FF = {0.0, 0.0, 3.422207, 0.0, 4.442339, 0.0, 1.809987};
    private static final double[] SPARSE_SQUEEZE_LUT = {18.978713, 0.0, 8.431493, 8.013443, 0.0, 2.36111, 230.356051, 8.695693};
    private static final double[] SPARSE_SQUEEZE_FF = {1072.150417, 1.873371, 16.12879, 0.03871, 0.0, 2.14792, 0.0, 23.826687};
    private static final double[] SPARSE_FORK_LUT = {5.003792, 0.0, 2.9e-05, 0.492095, 0.00013};
    private static final double[] SPARSE_FORK_FF = {6.669249, 0.007245, 0.0, 0.746834, 0.004321};
    private static final double[] SPARSE_VECTOR_DOT_LUT = {15.190577, 0.184752, 0.99501, 0.0, 0.020349, 0.0, 0.0, 0.0, 0.067061, 0.0};
    private static final double[] SPARSE_VECTOR_DOT_FF = {25.763163, 19.852317, 0.288297, 0.0, 0.11945, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] SPARSE_ACCUM_LUT = {10.731493, 5.216281, 0.0, 3.105727, 0.0, 0.493549};
    private static final double[] SPARSE_ACCUM_FF = {5.512123, 2.974468, 0.070159, 0.69883, 0.0, 0.122762};
    private static final double[] SPARSE_GLUE_LUT = {19.706644, 0.0, 1.292896, 0.011155, 0.0, 0.0};
    private static final double[] SPARSE_GLUE_FF = {9.343741, 3.427139, 1.301006, 0.003788, 0.0, 0.0};
    private static final double[] SPARSE_BIAS_LUT = {0.0, 0.0, 0.0, 0.75};
    private static final double[] SPARSE_BIAS_FF = {0.0, 0.0, 0.0, 2.115462};
    private static final double[] POINTWISE_PAD_LUT = {16.0};
    private static final double[] POINTWISE_PAD_FF = {35.0};
    private static final double[] POINTWISE_SLIDING_WINDOW_LUT = {0.0, 6.545722, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] POINTWISE_SLIDING_WINDOW_FF = {0.0, 0.489671, 0.0, 0.0, 5.600606, 0.0, 0.0};
    private static final double[] POINTWISE_SQUEEZE_LUT = {259.476204, 9.965642, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] POINTWISE_SQUEEZE_FF = {1100.0, 3.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] POINTWISE_FORK_LUT = {5.0, 0.0, 0.0, 0.5, 0.0};
    private static final double[] POINTWISE_FORK_FF = {15.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] POINTWISE_VECTOR_DOT_LUT = {0.0, 18.0, 1.25, 0.0, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] POINTWISE_VECTOR_DOT_FF = {22.0, 0.0, 0.0, 0.0, 1.625, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] POINTWISE_ACCUM_LUT = {18.665436, 4.984753, 0.285792, 2.933798, 0.005788, 0.0};
    private static final double[] POINTWISE_ACCUM_FF = {1.759262, 3.076797, 0.328042, 0.62062, 0.0, 0.0};
    private static final double[] POINTWISE_GLUE_LUT = {23.661598, 0.0, 1.256149, 0.0, 2.6e-05, 0.0};
    private static final double[] POINTWISE_GLUE_FF = {9.821654, 7.670659, 1.154517, 0.0, 4.6e-05, 0.0};
    private static final double[] POINTWISE_BIAS_LUT = {0.0, 0.0, 0.0, 0.75};
    private static final double[] POINTWISE_BIAS_FF = {0.0, 0.0, 0.0, 2.096077};
    private static final double[] DENSE_LUT = {55.897644, 0.0, 0.0, 5.319404, 15.71886, 0.197275, 0.0, 1.757238, 0.0, 0.0, 0.0, 0.0, 0.0, 5.553264, 0.0, 1.310021, 1.468126, 1.515157, 5.457582, 0.0, 0.0};
    private static final double[] DENSE_FF = {96.544978, 7.260708, 0.0, 4.445022, 40.295155, 0.0, 0.0, 1.732049, 0.0, 0.0, 0.0, 0.49745, 0.102803, 3.105175, 0.163025, 0.187512, 1.411786, 1.63592, 0.0, 0.0, 0.0};
    private static final double[] IP_LUT = {39.28246, 0.0, 0.955618, 0.0, 2.022945, 0.0, 5.400397, 0.462977, 0.0, 0.0, 1.102764};
    private static final double[] IP_FF = {139.864481, 0.974066, 0.32431, 0.0, 2.584729, 0.0, 3.310616, 0.150406, 0.0, 0.003848, 0.026215};
    private static final double[] POOL_LUT = {34.657199, 0.0, 4.529544, 3.796207, 0.0, 0.018739};
    private static final double[] POOL_FF = {148.478373, 0.0, 0.0, 5.395213, 0.0, 0.157773};
    private static final double[] GP_LUT = {0.0, 1.0, 28.125, 0.0, 0.0, 0.0, 0.0};
    private static final double[] GP_FF = {0.0, 0.0, 0.0, 0.0, 0.370101, 40.714755, 0.0};
    private static final double[] RELU_LUT = {16.0, 0.0};
    private static final double[] RELU_FF = {35.0, 0.0};
    private static final double[] ELTWISE_LUT = {49.0, 0.0};
    private static final double[] ELTWISE_FF = {23.0, 0.0};
    private static final double[] SQUEEZE_LUT = {106.337728, 0.0, 21.250482, 0.0, 0.0};
    private static final double[] SQUEEZE_FF = {1165.092443, 0.0, 0.0, 0.0, 1.257115};
    private static final double[] SPLIT_LUT = {0.0, 0.0, 0.40625};
    private static final double[] SPLIT_FF = {0.0, 0.0, 0.46875};

    // dense-conv squeeze estimate used as a feature of the dense layer model
    private static final double[] DENSE_SQUEEZE_LUT = {0.0, 0.0, 5.212, 8.069, 0.0, 2.307, 263.393, 24.541};
    private static final double[] DENSE_SQUEEZE_FF = {915.713, 4.429, 12.805, 0.161, 0.0, 0.0, 7.337, 89.829};

    static double lg(double x) { return Math.log(Math.max(x, 1)) / Math.log(2); }

    static double dot(double[] c, double... x) {
        double s = 0;
        for (int i = 0; i < c.length; i++) s += c[i] * x[i];
        return s;
    }

    private static long[] round(double lut, double ff) { return new long[] {Math.round(lut), Math.round(ff)}; }

    static long[] conv(ConvStage s, int ci, int co, int cg, int fine) {
        ConvSpec spec = s.spec();
        Widths wd = s.widths();
        double w = wd.data(), ww = wd.weight(), aw = wd.acc();
        int k2 = spec.kernelSize(), kr = spec.kernelRows();
        double S = (double) ci * cg, O = (double) co * cg, P = S * co;
        double cps = spec.input().channels() / (ci * cg), fps = spec.filters() / ((double) co * spec.groups());
        fps = Math.floor(fps);
        double cols = spec.paddedCols();
        boolean window = k2 > 1, squeezeOn = fine != k2, accum = cps > 1;
        if (s.kind() == ConvStage.Kind.DENSE) {
            double L = lcm(k2, fine);
            double sqL = dot(DENSE_SQUEEZE_LUT, 1, w, L, L * w, k2 * w, fine * w, k2, fine);
            double sqF = dot(DENSE_SQUEEZE_FF, 1, w, L, L * w, k2 * w, fine * w, k2, fine);
            double[] x = {1, S, S * w * b(window), S * k2 * w * b(window), S * lg(cps * cols) * b(window),
                    S * sqL * b(squeezeOn), S * sqF * b(squeezeOn), S * co * fine * w * b(co > 1), S * fine * w * b(co > 1),
                    P * fine * w, P * fine * ww, P * fine * aw, P * fine * k2, P * aw * b(accum), P * lg(cps * fps) * b(accum),
                    P * fps * aw / 64 * b(accum), ci * O * aw * b(ci > 1), O * aw * b(spec.bias()), O * lg(fps),
                    S * S * fine * w, S * S * co * fine};
            return round(dot(DENSE_LUT, x), dot(DENSE_FF, x));
        }
        boolean sparse = s.kind() == ConvStage.Kind.SPARSE;
        double[] out = new double[2];
        for (int r = 0; r < 2; r++) {
            boolean lut = r == 0;
            double pad = dot(sparse ? (lut ? SPARSE_PAD_LUT : SPARSE_PAD_FF) : (lut ? POINTWISE_PAD_LUT : POINTWISE_PAD_FF), 1);
            double sw = dot(sparse ? (lut ? SPARSE_SLIDING_WINDOW_LUT : SPARSE_SLIDING_WINDOW_FF) : (lut ? POINTWISE_SLIDING_WINDOW_LUT : POINTWISE_SLIDING_WINDOW_FF),
                    1, w, k2 * w, (kr - 1) * w, lg(cps * cols), k2, kr * lg(cps * cols));
            double L = lcm(k2, fine);
            double sq = dot(sparse ? (lut ? SPARSE_SQUEEZE_LUT : SPARSE_SQUEEZE_FF) : (lut ? POINTWISE_SQUEEZE_LUT : POINTWISE_SQUEEZE_FF),
                    1, w, L, L * w, k2 * w, fine * w, k2, fine);
            double fork = dot(sparse ? (lut ? SPARSE_FORK_LUT : SPARSE_FORK_FF) : (lut ? POINTWISE_FORK_LUT : POINTWISE_FORK_FF),
                    1, co, co * fine * w, fine * w, co * fine);
            double vd = dot(sparse ? (lut ? SPARSE_VECTOR_DOT_LUT : SPARSE_VECTOR_DOT_FF) : (lut ? POINTWISE_VECTOR_DOT_LUT : POINTWISE_VECTOR_DOT_FF),
                    1, fine, fine * w, fine * ww, fine * aw, (double) fine * fine, k2, k2 * w, lg(fps), (double) fine * k2);
            double acc = dot(sparse ? (lut ? SPARSE_ACCUM_LUT : SPARSE_ACCUM_FF) : (lut ? POINTWISE_ACCUM_LUT : POINTWISE_ACCUM_FF),
                    1, aw, lg(cps * fps), fps * aw / 64, lg(fps) * aw, lg(cps));
            double glue = dot(sparse ? (lut ? SPARSE_GLUE_LUT : SPARSE_GLUE_FF) : (lut ? POINTWISE_GLUE_LUT : POINTWISE_GLUE_FF),
                    1, ci, ci * aw, co, co * ci * aw, lg(ci) * co * aw);
            double bias = dot(sparse ? (lut ? SPARSE_BIAS_LUT : SPARSE_BIAS_FF) : (lut ? POINTWISE_BIAS_LUT : POINTWISE_BIAS_FF),
                    1, aw, lg(fps), w);
            // the reference keeps S−1 squeezes next to the sparse crossbars (none when fine = K²)
            out[r] = S * (pad + sw * b(window)) + P * (vd + acc * b(accum)) + S * fork * b(co > 1) + O * bias * b(spec.bias())
                    + glue * b(ci > 1) + (squeezeOn ? (S - 1) * sq : 0);
        }
        return round(out[0], out[1]);
    }

    /**
     * The squeeze estimate of one input stream of a conv stage at this fine ({lut, ff}); the conformance
     * checks use it for the reference's quirk 4.
     */
    static long[] convSqueeze(ConvStage s, int fine) {
        double w = s.widths().data();
        int k2 = s.spec().kernelSize();
        double L = lcm(k2, fine);
        boolean sparse = s.kind() != ConvStage.Kind.POINTWISE_SPARSE;
        double[] x = {1, w, L, L * w, k2 * w, fine * w, k2, fine};
        return round(dot(sparse ? SPARSE_SQUEEZE_LUT : POINTWISE_SQUEEZE_LUT, x), dot(sparse ? SPARSE_SQUEEZE_FF : POINTWISE_SQUEEZE_FF, x));
    }

    static long[] innerProduct(InnerProductStage s, int ci, int co) {
        double n = s.input().words(), F = s.filters(), P = (double) ci * co;
        Widths wd = s.widths();
        double w = wd.data(), ww = wd.weight(), aw = wd.acc();
        double[] x = {1, ci * w * b(co > 1), P * w, P * ww, P * aw, P * lg(n / ci * F / co), P * aw * b(n / ci > 1),
                ci * aw * b(ci > 1), co * aw * b(s.hasBias()), (double) ci * co * ci * 0.01, P * (F / co) * aw / 64};
        return round(dot(IP_LUT, x), dot(IP_FF, x));
    }

    static long[] pooling(int kernelSize, int dataBits, int coarse, long channelsPerStream, int paddedCols, boolean average) {
        double c = coarse, w = dataBits;
        double[] x = {1, c, c * w, c * kernelSize * w, c * lg((double) channelsPerStream * paddedCols), c * kernelSize * w * b(average)};
        return round(dot(POOL_LUT, x), dot(POOL_FF, x));
    }

    static long[] globalPooling(int dataBits, int accBits, long pixels, long channelsPerStream, int coarse) {
        double w = dataBits, aw = accBits, cps = channelsPerStream;
        double[] x = {1, w, aw, lg(pixels), lg(cps), cps * aw / 64, lg(pixels * cps) * aw};
        return round(coarse * dot(GP_LUT, x), coarse * dot(GP_FF, x));
    }

    /** ReLU per stream (the reference's module); the other functions are built from comparator and multiplier parts. */
    static long[] activation(ActivationStage.Function f, int dataBits, int coarse) {
        double reluL = dot(RELU_LUT, 1, dataBits), reluF = dot(RELU_FF, 1, dataBits);
        double mulL = dot(ELTWISE_LUT, 1, dataBits), mulF = dot(ELTWISE_FF, 1, dataBits);
        double[] per = switch (f) {
            case RELU -> new double[] {reluL, reluF};
            case RELU6 -> new double[] {2 * reluL, 2 * reluF};                          // clamp at 0 and 6
            case HARDSIGMOID -> new double[] {2 * reluL + mulL, 2 * reluF + mulF};       // (x+3)/6 clamped
            case HARDSWISH -> new double[] {2 * reluL + 2 * mulL, 2 * reluF + 2 * mulF}; // x·hardsigmoid(x)
            case SIGMOID -> new double[] {4 * reluL + mulL, 4 * reluF + mulF};           // piecewise-linear segments
            case BATCHNORM -> new double[] {2 * mulL, 2 * mulF};                         // scale and shift
        };
        return round(coarse * per[0], coarse * per[1]);
    }

    static long[] eltwise(EltwiseStage.Op op, int ports, int dataBits, int coarse) {
        return round(coarse * dot(ELTWISE_LUT, 1, dataBits), coarse * dot(ELTWISE_FF, 1, dataBits));
    }

    static long[] split(int ports, int dataBits, int coarse) {
        double[] x = {coarse, (double) coarse * ports, (double) coarse * ports * dataBits};
        return round(dot(SPLIT_LUT, x), dot(SPLIT_FF, x));
    }

    static long[] squeeze(int in, int out, int dataBits) {
        double L = lcm(in, out);
        double[] x = {1, L, L * dataBits, in + out, (double) (in + out) * dataBits};
        return round(dot(SQUEEZE_LUT, x), dot(SQUEEZE_FF, x));
    }

    private static double b(boolean x) { return x ? 1 : 0; }

    static long lcm(long a, long b) {
        long x = a, y = b;
        while (y != 0) { long t = x % y; x = y; y = t; }
        return a / x * b;
    }
}
