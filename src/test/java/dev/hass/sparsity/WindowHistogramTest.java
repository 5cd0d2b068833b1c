package dev.hass.sparsity;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hass.nn.LayerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The NDArray histogram against the definition, computed by brute-force loops on small random tensors. */
class WindowHistogramTest {

    @ParameterizedTest(name = "C={0} F={1} K={2} s={3} p={4} g={5} {6}x{7}")
    @CsvSource({
            "3, 4, 3, 1, 1, 1, 7, 6",     // plain 3×3 with padding
            "4, 6, 3, 2, 1, 1, 7, 6",     // stride 2
            "4, 4, 3, 2, 1, 4, 7, 6",     // depthwise
            "4, 6, 3, 1, 1, 2, 7, 6",     // grouped
            "3, 5, 1, 2, 0, 1, 7, 6",     // 1×1 projection, stride 2
            "2, 3, 5, 1, 2, 1, 7, 6",     // 5×5 (the direct path)
            "2, 4, 5, 1, 0, 2, 7, 6",     // 5×5 grouped, no padding
            "12, 3, 5, 1, 2, 1, 7, 6",    // 5×5 with more than 256 counters (int copy instead of bytes)
            "16, 16, 3, 1, 1, 1, 28, 28", // a resnet8 layer1 conv at full size
            "32, 32, 3, 2, 1, 32, 14, 14"}) // a mobilenet depthwise conv at full size
    void matchesBruteForce(int c, int f, int k, int s, int p, int g, int h, int w) {
        Random rnd = new Random(31L * c + 7L * f + k + s + p + g);
        int n = 3;
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble() < 0.45 ? 0f : rnd.nextFloat() + 0.01f;
        int cg = c / g;
        float[] wt = new float[f * cg * k * k];
        for (int i = 0; i < wt.length; i++) wt[i] = rnd.nextDouble() < 0.4 ? 0f : (float) rnd.nextGaussian();
        LayerSpec spec = new LayerSpec("t", true, c, f, k, s, p, g, true);
        double[][] want = bruteForce(x, n, c, h, w, wt, f, k, s, p, g);
        // the input is non-negative, so both mask paths (comparison, sign) must give the definition's numbers
        for (boolean nonNegative : new boolean[]{false, true}) {
            WindowHistogram hist = new WindowHistogram(spec, wt);
            try (NDManager m = NDManager.newBaseManager()) {
                // two batches, to check accumulation
                hist.accumulate(m.create(java.util.Arrays.copyOfRange(x, 0, c * h * w), new Shape(1, c, h, w)), nonNegative);
                hist.accumulate(m.create(java.util.Arrays.copyOfRange(x, c * h * w, x.length), new Shape(n - 1, c, h, w)), nonNegative);
            }
            check(hist.profile(), want, x, wt, c, k);
        }
    }

    private static void check(LayerProfile got, double[][] want, float[] x, float[] wt, int c, int k) {
        double wantProducts = 0;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int j = 0; j <= k * k; j++) {
                assertEquals(want[ch][j], got.histogram()[ch][j], 1e-12, "channel " + ch + " bin " + j);
                sum += got.histogram()[ch][j];
                wantProducts += j * want[ch][j] / (k * k) / c;
            }
            assertEquals(1.0, sum, 1e-9, "row " + ch + " sums to 1");
        }
        assertEquals(wantProducts, got.productSparsity(), 1e-9);
        long zx = 0, zw = 0;
        for (float v : x) if (v == 0f) zx++;
        for (float v : wt) if (v == 0f) zw++;
        assertEquals(zx / (double) x.length, got.activationSparsity(), 1e-12);
        assertEquals(zw / (double) wt.length, got.weightSparsity(), 1e-12);
    }

    /** The definition: per (filter reading c, window, channel c), count products that are zero. */
    static double[][] bruteForce(float[] x, int n, int c, int h, int w, float[] wt, int f, int k, int s, int p, int g) {
        int cg = c / g, fg = f / g;
        int ho = (h + 2 * p - k) / s + 1, wo = (w + 2 * p - k) / s + 1;
        double[][] hist = new double[c][k * k + 1];
        for (int ch = 0; ch < c; ch++) {
            int group = ch / cg, cl = ch % cg;
            for (int fi = group * fg; fi < (group + 1) * fg; fi++)
                for (int im = 0; im < n; im++)
                    for (int oy = 0; oy < ho; oy++)
                        for (int ox = 0; ox < wo; ox++) {
                            int zeros = 0;
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * s - p + ky, ix = ox * s - p + kx;
                                    float a = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0f : x[((im * c + ch) * h + iy) * w + ix];
                                    float wv = wt[((fi * cg + cl) * k + ky) * k + kx];
                                    if (a == 0f || wv == 0f) zeros++;
                                }
                            hist[ch][zeros]++;
                        }
            double total = 0;
            for (double v : hist[ch]) total += v;
            for (int j = 0; j < hist[ch].length; j++) hist[ch][j] /= total;
        }
        return hist;
    }

    @Test
    void handCheckedSingleWindow() {
        // one 3×3 window: activations zero at taps 0,1 ; weights zero at taps 1,2 -> zero products at taps 0,1,2
        float[] x = {0, 0, 1, 1, 1, 1, 1, 1, 1};
        float[] wt = {1, 0, 0, 1, 1, 1, 1, 1, 1};
        WindowHistogram hist = new WindowHistogram(new LayerSpec("t", true, 1, 1, 3, 1, 0, 1, true), wt);
        try (NDManager m = NDManager.newBaseManager()) {
            hist.accumulate(m.create(x, new Shape(1, 1, 3, 3)));
        }
        double[] row = hist.profile().histogram()[0];
        assertEquals(1.0, row[3]);
        assertEquals(3 / 9.0, hist.profile().productSparsity(), 1e-12);
    }

    @Test
    void linearProductSparsityMatchesBruteForce() {
        Random rnd = new Random(5);
        int n = 4, in = 7, out = 5;
        float[] x = new float[n * in], wt = new float[out * in];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextDouble() < 0.5 ? 0 : rnd.nextFloat() + 0.1f;
        for (int i = 0; i < wt.length; i++) wt[i] = rnd.nextDouble() < 0.3 ? 0 : rnd.nextFloat() + 0.1f;
        LinearStatistics st = new LinearStatistics(new LayerSpec("fc", false, in, out, 1, 1, 0, 1, true), wt);
        try (NDManager m = NDManager.newBaseManager()) {
            st.accumulate(m.create(x, new Shape(n, in)));
        }
        long zero = 0;
        for (int a = 0; a < n; a++) for (int o = 0; o < out; o++) for (int i = 0; i < in; i++)
            if (x[a * in + i] == 0 || wt[o * in + i] == 0) zero++;
        assertEquals(zero / (double) (n * in * out), st.profile().productSparsity(), 1e-12);
        assertNull(st.profile().histogram());
    }
}
