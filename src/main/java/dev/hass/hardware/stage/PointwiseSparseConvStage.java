package dev.hass.hardware.stage;

import dev.hass.hardware.graph.ChannelHistograms;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Pointwise (1×1) sparse convolution. The ci·cg input streams form {@code clusters} groups that
 * share a crossbar; a cluster of n streams skips its mean zero fraction s of the products, at most
 * 1 − 1/n of them. Channels are dealt to streams naively (stream i takes channels i, i+S, …), as the
 * reference does (quirk 7); {@link #latency(int, int, int, boolean)} also offers the snake order.
 */
public final class PointwiseSparseConvStage extends ConvStage {
    private final double[] zeros;
    private final int clusters;

    /**
     * @param zeroFractions per input channel, the fraction of zero products
     * @param clusters      number of stream clusters (must divide the number of input streams used)
     */
    public PointwiseSparseConvStage(String name, ConvSpec spec, Widths widths, double[] zeroFractions, int clusters) {
        super(name, spec, widths, java.util.List.of(1));
        if (spec.kernelSize() != 1) throw new IllegalArgumentException("pointwise conv " + name + " needs a 1×1 kernel");
        if (zeroFractions.length != spec.input().channels()) {
            throw new IllegalArgumentException("pointwise conv " + name + ": " + zeroFractions.length
                    + " zero fractions for " + spec.input().channels() + " channels");
        }
        if (clusters < 1) throw new IllegalArgumentException("pointwise conv " + name + ": clusters must be ≥ 1");
        this.zeros = zeroFractions.clone();
        this.clusters = clusters;
    }

    /** Zero fraction per channel from 1×1 histograms (bin 1 = zero product). */
    public static double[] zeroFractions(ChannelHistograms h) {
        if (h == null || h.bins() != 2) throw new IllegalArgumentException("pointwise sparse conv needs 1×1 histograms (2 bins)");
        double[] z = new double[h.channels()];
        for (int c = 0; c < z.length; c++) z[c] = h.channel(c)[1];
        return z;
    }

    @Override public Kind kind() { return Kind.POINTWISE_SPARSE; }

    public int clusters() { return clusters; }

    @Override
    protected long latency(int ci, int co, int cg, int fine) { return latency(ci, co, cg, false); }

    public long latency(int ci, int co, int cg, boolean optimisedInterleaving) {
        double compute = computeCycles(ci, co, cg, optimisedInterleaving);
        return (long) Math.ceil(Math.max(compute, Math.max(inputBound(ci * cg), outputBound(co * cg))));
    }

    /** Cycles per frame of the slowest cluster's products alone (before the input/output bounds). */
    public double computeCycles(int ci, int co, int cg, boolean optimisedInterleaving) {
        return workload(ci, co, cg) * (1 - maxClusterSparsityComplement(ci * cg, optimisedInterleaving));
    }

    private double workload(int ci, int co, int cg) {
        return (double) spec.rowsOut() * spec.colsOut() * ((double) spec.input().channels() / (ci * cg))
                * ((double) spec.filters() / ((long) co * spec.groups()));
    }

    /** The smallest capped cluster sparsity (the slowest cluster); returns that s_cl. */
    private double maxClusterSparsityComplement(int streams, boolean optimised) {
        double[] s = clusterSparsity(streams, optimised);
        int perCluster = Math.max(1, streams / clusters);
        double slowest = 1;
        for (double x : s) slowest = Math.min(slowest, Math.min(x, 1.0 - 1.0 / perCluster));
        return slowest;
    }

    /**
     * Mean zero fraction of each cluster's channels (uncapped). Cluster k holds the contiguous input
     * streams k·n … (k+1)·n − 1. When the streams do not split into {@code clusters} equal groups
     * (the reference would fail), the stage behaves as one cluster.
     */
    public double[] clusterSparsity(int streams, boolean optimised) {
        int c = zeros.length, rows = c / streams;
        int k = streams % clusters == 0 ? clusters : 1;
        int perCluster = streams / k;
        int[] order = order(streams, optimised);
        double[] out = new double[k];
        for (int cl = 0; cl < k; cl++) {
            double sum = 0;
            for (int s = cl * perCluster; s < (cl + 1) * perCluster; s++) {
                for (int r = 0; r < rows; r++) sum += zeros[order[r * streams + s]];
            }
            out[cl] = sum / (perCluster * rows);
        }
        return out;
    }

    private int[] order(int streams, boolean optimised) {
        int c = zeros.length;
        if (!optimised) return IntStream.range(0, c).toArray();
        Integer[] idx = IntStream.range(0, c).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> zeros[i]));
        int[] order = new int[c];
        for (int r = 0; r < c / streams; r++) {
            for (int s = 0; s < streams; s++) order[r * streams + s] = idx[r * streams + ((r % 2 == 0) ? s : streams - 1 - s)];
        }
        return order;
    }

    @Override protected int vectorDotDepth(int fine) { return 1; }

    /** The reference prices the pointwise multiplier's rates as dense (they ignore the skipped zeros). */
    @Override
    protected double[] vectorDotRates(int ci, int co, int cg, int fine) { return new double[] {1.0 / filtersPerUnit(co), 1.0, 1.0}; }

    @Override
    protected long accumulatorChannels(int ci, int cg, int fine) { return spec.input().channels() / ((long) ci * cg); }

    @Override
    protected double expectedNonZeroFraction() {
        return 1 - Arrays.stream(zeros).average().orElse(0);
    }
}
