package dev.hass.hardware.graph;

import java.util.Arrays;

/**
 * Window zero-product histograms of one conv layer: for each input channel c, {@code p[c][z]} is the
 * probability that z of the K² activation×weight products in a window are zero (z = 0…K²; bin K² is
 * the all-zero window). Rows sum to 1. For a 1×1 layer there are two bins and {@code p[c][1]} is the
 * channel's zero fraction.
 */
public record ChannelHistograms(double[][] p) {
    public ChannelHistograms {
        if (p.length == 0) throw new IllegalArgumentException("histograms need at least one channel");
        int bins = p[0].length;
        for (int c = 0; c < p.length; c++) {
            if (p[c].length != bins) {
                throw new IllegalArgumentException("channel " + c + " has " + p[c].length + " bins, expected " + bins);
            }
        }
        p = Arrays.stream(p).map(double[]::clone).toArray(double[][]::new);
    }

    public int channels() { return p.length; }

    /** K² + 1. */
    public int bins() { return p[0].length; }

    public double[] channel(int c) { return p[c].clone(); }

    /** Mean fraction of zero products over channels and windows: Σ_z z/K² · p[c][z], averaged. */
    public double meanZeroFraction() {
        int k2 = bins() - 1;
        double s = 0;
        for (double[] row : p) for (int z = 0; z <= k2; z++) s += row[z] * z / k2;
        return s / p.length;
    }

    /**
     * The histograms of {@code channels} channels, channel c taking this one's row c mod C: a widened
     * layer (see {@link Networks#widened}) keeps the statistics of the layer it was widened from.
     */
    public ChannelHistograms tiled(int channels) {
        if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        double[][] q = new double[channels][];
        for (int c = 0; c < channels; c++) q[c] = p[c % p.length];
        return new ChannelHistograms(q);
    }

    /** Every channel with the Binomial(K², s) histogram: zeros i.i.d. with probability s. */
    public static ChannelHistograms binomial(int channels, int k2, double s) {
        double[] row = new double[k2 + 1];
        for (int z = 0; z <= k2; z++) row[z] = binomialCoefficient(k2, z) * Math.pow(s, z) * Math.pow(1 - s, k2 - z);
        double[][] p = new double[channels][];
        for (int c = 0; c < channels; c++) p[c] = row.clone();
        return new ChannelHistograms(p);
    }

    private static double binomialCoefficient(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    @Override public boolean equals(Object o) {
        return o instanceof ChannelHistograms h && Arrays.deepEquals(p, h.p);
    }

    @Override public int hashCode() { return Arrays.deepHashCode(p); }

    @Override public String toString() { return "ChannelHistograms[" + channels() + "×" + bins() + "]"; }
}
