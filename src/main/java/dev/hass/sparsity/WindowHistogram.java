package dev.hass.sparsity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.hass.nn.LayerSpec;
import java.nio.ByteOrder;

/**
 * Accumulates the window zero-product histogram of one conv layer over batches of its input.
 *
 * <p><b>Definition.</b> For the conv layer with K×K kernel, stride s, padding p, groups g, F filters and C input
 * channels, one <em>product set</em> is a triple (filter f, output window position, input channel c) where
 * filter f reads channel c (all filters when g = 1; the F/g filters of c's group otherwise). It holds the K²
 * products {@code a[c, window tap k] × w[f, c, k]}. A product is zero when the activation is zero (padding
 * counts as a zero activation) OR the weight is zero. {@code histogram[c][j]} is the fraction of the product
 * sets on channel c — over all images, windows and the filters reading c, each set weighted equally — with
 * exactly j zero products; so every row sums to 1, bin K² means "the whole window product is zero", and
 * {@code Σ_j j·h[c][j] / K²} is the zero-product fraction of channel c. Every channel has the same number
 * of product sets, so the mean of that over channels is the layer's product sparsity.
 *
 * <p><b>How it is computed.</b> For K² ≤ {@value #MAX_CODE_BITS} each window's nonzero-activation pattern is
 * encoded as a K²-bit code by one depthwise convolution of the nonzero mask with the kernel of powers of two
 * (zero padding contributes 0 bits, i.e. zero activations); codes are counted per channel, and a per-channel
 * table {@code T_c[code][j]} (number of filters reading c whose nonzero-weight pattern leaves exactly j zero
 * products with that code) turns the code counts into the histogram. The cost is one cheap convolution of the
 * input, independent of F. Larger kernels (5×5 in lenet5, small layers) use a grouped convolution of the
 * nonzero activation mask with the nonzero weight masks, which yields the nonzero-product count of every
 * product set directly.
 */
public final class WindowHistogram {
    static final int MAX_CODE_BITS = 12;

    private final LayerSpec spec;
    private final int k2;
    private final int channels;
    private final int filtersPerChannel;
    private final boolean coded;
    /** coded: [c][code][j] filters per bin; direct: null. */
    private final long[][][] table;
    /** coded: window counts at [c · 2^K² + code]; direct: product-set counts at [c · (K²+1) + zero products]. */
    private final long[] flatCounts;
    /**
     * per output channel of the counting conv: the offset of its input channel's counters (plus K² when direct),
     * plus ½ so that the integer conversion's truncation rounds to the nearest index (conv algorithms need not be
     * exact, and this saves a separate round over every value).
     */
    private final float[] binOffset;
    private final float[] codeKernel;
    /** direct: minus the nonzero-weight masks, one K×K kernel per (channel, filter reading it). */
    private final float[] nonzeroWeightKernel;
    private long activationValues;
    /** zero input values seen, unless {@link #centreCounts} (then derived from the code counts) */
    private long activationZeros;
    /** coded, odd K, stride 1, padding (K−1)/2: windows and input values correspond one to one by the centre tap */
    private final boolean centreCounts;
    private final double weightSparsity;

    /**
     * @param spec    the conv layer's geometry
     * @param weights its current weights, {@code F × C/g × K × K} row-major
     */
    public WindowHistogram(LayerSpec spec, float[] weights) {
        if (!spec.conv()) throw new IllegalArgumentException(spec.name() + " is not a conv layer");
        this.spec = spec;
        int k = spec.kernel();
        this.k2 = k * k;
        this.channels = spec.inChannels();
        int f = spec.outChannels(), g = spec.groups(), cg = channels / g, fg = f / g;
        this.filtersPerChannel = fg;
        if (weights.length != f * cg * k2) {
            throw new IllegalArgumentException(spec.name() + ": " + weights.length + " weights, expected " + f * cg * k2);
        }
        long zeros = 0;
        for (float w : weights) if (w == 0f) zeros++;
        this.weightSparsity = zeros / (double) weights.length;
        this.coded = k2 <= MAX_CODE_BITS;
        this.centreCounts = coded && k % 2 == 1 && spec.stride() == 1 && spec.padding() == (k - 1) / 2;
        if (coded) {
            int codes = 1 << k2;
            table = new long[channels][codes][k2 + 1];
            flatCounts = new long[channels * codes];
            binOffset = new float[channels];
            for (int c = 0; c < channels; c++) binOffset[c] = c * codes + 0.5f;
            for (int c = 0; c < channels; c++) {
                int group = c / cg, cl = c % cg;
                for (int fi = group * fg; fi < (group + 1) * fg; fi++) {
                    int wbits = 0;
                    for (int t = 0; t < k2; t++) if (weights[(fi * cg + cl) * k2 + t] != 0f) wbits |= 1 << t;
                    for (int code = 0; code < codes; code++) table[c][code][k2 - Integer.bitCount(code & wbits)]++;
                }
            }
            codeKernel = new float[channels * k2];
            for (int c = 0; c < channels; c++) for (int t = 0; t < k2; t++) codeKernel[c * k2 + t] = 1 << t;
            nonzeroWeightKernel = null;
        } else {
            table = null;
            flatCounts = new long[channels * (k2 + 1)];
            binOffset = new float[channels * fg];
            // output c*fg + j counts nonzero products negatively: K² − nonzero = zero products, plus c's offset
            for (int c = 0; c < channels; c++) for (int j = 0; j < fg; j++) binOffset[c * fg + j] = k2 + c * (k2 + 1f) + 0.5f;
            codeKernel = null;
            // output channel c*fg + j of the grouped conv = filter (group(c)*fg + j) restricted to channel c
            nonzeroWeightKernel = new float[channels * fg * k2];
            for (int c = 0; c < channels; c++) {
                int group = c / cg, cl = c % cg;
                for (int j = 0; j < fg; j++) {
                    int fi = group * fg + j;
                    for (int t = 0; t < k2; t++) {
                        nonzeroWeightKernel[(c * fg + j) * k2 + t] = weights[(fi * cg + cl) * k2 + t] != 0f ? -1f : 0f;
                    }
                }
            }
        }
    }

    public LayerSpec spec() {
        return spec;
    }

    /** Adds one batch {@code N × C × H × W} of the layer's (thresholded) input. */
    public void accumulate(NDArray input) {
        accumulate(input, false);
    }

    /**
     * As {@link #accumulate(NDArray)}; {@code nonNegative} promises that no input value is below 0 (an input
     * thresholded at τ_a &gt; 0 is 0 or above τ_a), so the nonzero mask is one {@code sign} instead of a
     * comparison and a conversion.
     */
    public void accumulate(NDArray input, boolean nonNegative) {
        try (NDManager m = input.getManager().newSubManager()) {
            NDArray nz = nonNegative ? input.sign() : input.neq(0f).toType(DataType.FLOAT32, false);
            nz.attach(m);
            activationValues += input.size();
            // a centred stride-1 code has every input value at the centre tap of exactly one window: the nonzero
            // count comes from the code counts in profile(), without a sum here
            if (!centreCounts) activationZeros += input.size() - ones(nz);
            int k = spec.kernel();
            Shape stride = new Shape(spec.stride(), spec.stride()), pad = new Shape(spec.padding(), spec.padding());
            Shape dil = new Shape(1, 1);
            // the conv's bias adds each channel's offset in the flat count array, so every output value is
            // already the index of the counter to bump: one pass, no division per value
            NDArray kernel = coded ? m.create(codeKernel, new Shape(channels, 1, k, k))
                    : m.create(nonzeroWeightKernel, new Shape((long) channels * filtersPerChannel, 1, k, k));
            NDArray bias = m.create(binOffset);
            NDArray bins = Conv2d.conv2d(nz, kernel, bias, stride, pad, dil, channels).singletonOrThrow();
            // the narrowest integer type that holds every index keeps the copy to Java small; toByteBuffer(true)
            // views the native tensor instead of copying it to the heap
            int n = Math.toIntExact(bins.size());
            Scratch s = SCRATCH.get();
            if (flatCounts.length <= 256) {
                byte[] v = s.bytes(n);
                bins.toType(DataType.UINT8, false).toByteBuffer(true).get(v, 0, n);
                s.count(v, n, flatCounts);
            } else {   // (DJL 0.36's PyTorch engine aborts the process on INT16, so no 16-bit step)
                int[] v = s.ints(n);
                bins.toType(DataType.INT32, false).toByteBuffer(true).order(ByteOrder.nativeOrder()).asIntBuffer().get(v, 0, n);
                s.count(v, n, flatCounts);
            }
        }
    }

    /**
     * Per-thread arrays the counter indices are bulk-copied into from the native buffer: a counting loop over a
     * Java array runs about three times faster than one over a direct buffer, and reusing the array spares the
     * collector a multi-megabyte array per batch.
     */
    private static final class Scratch {
        byte[] bytes = new byte[0];
        int[] ints = new int[0];
        /** four interleaved copies of the counters (see {@link #count}) */
        int[] lanes = new int[0];

        /**
         * {@code counts[v[i]]++} for i &lt; n. Runs of equal indices (most windows fall in a few bins) make each
         * increment wait for the previous one to reach memory; four independent copies of the counters, summed at
         * the end, let four increments be in flight (about 1.5-2x faster than one array).
         */
        void count(int[] v, int n, long[] counts) {
            int len = counts.length;
            int[] l = lanes(len);
            int i = 0;
            for (; i + 3 < n; i += 4) {
                l[v[i]]++;
                l[len + v[i + 1]]++;
                l[2 * len + v[i + 2]]++;
                l[3 * len + v[i + 3]]++;
            }
            for (; i < n; i++) l[v[i]]++;
            fold(l, counts);
        }

        void count(byte[] v, int n, long[] counts) {
            int len = counts.length;
            int[] l = lanes(len);
            int i = 0;
            for (; i + 3 < n; i += 4) {
                l[v[i] & 0xff]++;
                l[len + (v[i + 1] & 0xff)]++;
                l[2 * len + (v[i + 2] & 0xff)]++;
                l[3 * len + (v[i + 3] & 0xff)]++;
            }
            for (; i < n; i++) l[v[i] & 0xff]++;
            fold(l, counts);
        }

        private int[] lanes(int len) {
            if (lanes.length < 4 * len) lanes = new int[4 * len];
            java.util.Arrays.fill(lanes, 0, 4 * len, 0);
            return lanes;
        }

        private static void fold(int[] l, long[] counts) {
            int len = counts.length;
            for (int k = 0; k < len; k++) counts[k] += (long) l[k] + l[len + k] + l[2 * len + k] + l[3 * len + k];
        }

        byte[] bytes(int n) {
            if (bytes.length < n) bytes = new byte[n];
            return bytes;
        }

        int[] ints(int n) {
            if (ints.length < n) ints = new int[n];
            return ints;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * The number of ones in a 0/1 float batch: a float sum per image, exact while an image has fewer than 2^24
     * values, and vectorised. DJL's {@code countNonzero} sums booleans, which was a fifth of the oracle's native
     * time on resnet8.
     */
    static long ones(NDArray mask) {
        int[] axes = new int[mask.getShape().dimension() - 1];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 1;
        long n = 0;
        for (float v : mask.sum(axes).toFloatArray()) n += (long) v;
        return n;
    }

    /** The profile so far (histogram rows of a channel with no data are all zero). */
    public LayerProfile profile() {
        double[][] h = new double[channels][k2 + 1];
        double zeroProducts = 0;
        for (int c = 0; c < channels; c++) {
            double total = 0;
            if (coded) {
                int codes = 1 << k2;
                for (int code = 0; code < codes; code++) {
                    long n = flatCounts[c * codes + code];
                    if (n == 0) continue;
                    for (int j = 0; j <= k2; j++) h[c][j] += n * (double) table[c][code][j];
                }
            } else {
                for (int j = 0; j <= k2; j++) h[c][j] = flatCounts[c * (k2 + 1) + j];
            }
            for (int j = 0; j <= k2; j++) total += h[c][j];
            double zc = 0;
            for (int j = 0; j <= k2; j++) {
                if (total > 0) h[c][j] /= total;
                zc += j * h[c][j];
            }
            zeroProducts += zc / k2;
        }
        long zeros = activationZeros;
        if (centreCounts) {
            int codes = 1 << k2, centre = 1 << (k2 / 2);
            long nonzero = 0;
            for (int c = 0; c < channels; c++) {
                for (int code = 0; code < codes; code++) if ((code & centre) != 0) nonzero += flatCounts[c * codes + code];
            }
            zeros = activationValues - nonzero;
        }
        double act = activationValues == 0 ? 0 : zeros / (double) activationValues;
        return new LayerProfile(weightSparsity, act, zeroProducts / channels, h);
    }
}
