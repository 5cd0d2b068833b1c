package dev.hass.hardware.stage;

import dev.hass.hardware.graph.ChannelHistograms;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * Sparse K×K convolution (the HASS histogram model). A window with z zero products takes
 * ceil((K²−z)/fine) cycles; an all-zero window takes 0 cycles when skipped, else 1. Channels are
 * dealt to the ci·cg input streams in snake order of their expected cycles so the streams balance;
 * the slowest stream sets the compute latency W·E.
 *
 * <p>{@link #evaluate} is O(1) after the first call per (streams, fine): the balanced expected
 * cycles depend only on those two numbers and are cached.
 */
public final class SparseConvStage extends ConvStage {
    private final double[][] p;          // p[c][z], copied from the histograms
    private final boolean skipZeroWindows;
    private final int k2;
    // per (streams, fine): {E of the slowest stream, smallest stream all-zero-window probability}
    private final ConcurrentHashMap<Integer, double[]> optimised = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, double[]> naive = new ConcurrentHashMap<>();
    // per fine: the channels slowest first (read-only once made; racing threads make equal arrays)
    private final AtomicReferenceArray<int[]> byFine;

    /**
     * @param histograms      window zero-product histograms, one row per input channel, K²+1 bins
     * @param skipZeroWindows whether all-zero windows cost nothing (the reference parser: true)
     */
    public SparseConvStage(String name, ConvSpec spec, Widths widths, ChannelHistograms histograms, boolean skipZeroWindows) {
        super(name, spec, widths, Divisors.range(1, spec.kernelSize()));
        if (histograms == null) throw new IllegalArgumentException("sparse conv " + name + " needs histograms");
        if (histograms.channels() != spec.input().channels() || histograms.bins() != spec.kernelSize() + 1) {
            throw new IllegalArgumentException("sparse conv " + name + ": histograms are " + histograms.channels() + "×"
                    + histograms.bins() + ", expected " + spec.input().channels() + "×" + (spec.kernelSize() + 1));
        }
        this.p = IntStream.range(0, histograms.channels()).mapToObj(histograms::channel).toArray(double[][]::new);
        this.skipZeroWindows = skipZeroWindows;
        this.k2 = spec.kernelSize();
        this.byFine = new AtomicReferenceArray<>(k2 + 1);
    }

    @Override public Kind kind() { return Kind.SPARSE; }

    public boolean skipZeroWindows() { return skipZeroWindows; }

    @Override
    protected long latency(int ci, int co, int cg, int fine) { return latency(ci, co, cg, fine, true); }

    /**
     * Cycles per frame with the optimised (snake) or naive (stream s takes channels s, s+S, …)
     * channel-to-stream assignment.
     */
    public long latency(int ci, int co, int cg, int fine, boolean optimisedInterleaving) {
        double compute = computeCycles(ci, co, cg, fine, optimisedInterleaving);
        return (long) Math.ceil(Math.max(compute, Math.max(inputBound(ci * cg), outputBound(co * cg))));
    }

    /** Expected cycles per frame of the slowest stream's products alone (before the input/output bounds). */
    public double computeCycles(int ci, int co, int cg, int fine, boolean optimisedInterleaving) {
        return workload(ci, co, cg) * streamCycles(ci * cg, fine, optimisedInterleaving);
    }

    /** Vector dot products per stream per frame: Ro·Co·(C/(ci·cg))·(F/(co·g)). */
    private double workload(int ci, int co, int cg) {
        return (double) spec.rowsOut() * spec.colsOut() * ((double) spec.input().channels() / (ci * cg))
                * ((double) spec.filters() / ((long) co * spec.groups()));
    }

    /** Expected cycles per window of the slowest stream. */
    public double streamCycles(int streams, int fine, boolean optimisedInterleaving) {
        return streamStats(streams, fine, optimisedInterleaving)[0];
    }

    private double[] streamStats(int streams, int fine, boolean optimisedInterleaving) {
        var cache = optimisedInterleaving ? optimised : naive;
        return cache.computeIfAbsent(streams * 1024 + fine, key -> computeStreamStats(streams, fine, optimisedInterleaving));
    }

    /** Expected cycles per window of channel c at this fine. */
    public double channelCycles(int c, int fine) {
        double e = skipZeroWindows ? 0 : p[c][k2];
        for (int z = 0; z < k2; z++) e += ceilDiv(k2 - z, fine) * p[c][z];
        return e;
    }

    /** Stream s gets entries s, s+S, … of this order (the reference's interleaving list). */
    public int[] interleaving(int streams, int fine, boolean optimised) {
        int channels = p.length;
        if (!optimised) return IntStream.range(0, channels).toArray();
        int[] idx = slowestFirst(fine);
        int[] order = new int[channels];
        int rows = channels / streams;
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < streams; s++) {
                int from = r * streams + ((r % 2 == 0) ? s : streams - 1 - s);   // snake: reverse odd rows
                order[r * streams + s] = idx[from];
            }
        }
        return order;
    }

    /**
     * Channels by expected cycles at this fine, slowest first, ties in channel order (a stable sort). It
     * depends on fine alone, so it is made once per fine and shared by every stream count.
     */
    private int[] slowestFirst(int fine) {
        boolean cached = fine >= 0 && fine <= k2;
        int[] idx = cached ? byFine.get(fine) : null;
        if (idx == null) {
            int channels = p.length;
            double[] e = new double[channels];
            for (int c = 0; c < channels; c++) e[c] = channelCycles(c, fine);
            Integer[] boxed = IntStream.range(0, channels).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, Comparator.comparingDouble((Integer c) -> -e[c]));
            idx = new int[channels];
            for (int c = 0; c < channels; c++) idx[c] = boxed[c];
            if (cached) byFine.set(fine, idx);
        }
        return idx;
    }

    private double[] computeStreamStats(int streams, int fine, boolean optimisedInterleaving) {
        int[] order = interleaving(streams, fine, optimisedInterleaving);
        int rows = p.length / streams;
        double worst = 0, leastZeroWindows = 1;
        double[] sum = new double[k2 + 1];
        for (int s = 0; s < streams; s++) {
            // same float order as the reference: mean histogram of the stream, then its expected cycles
            Arrays.fill(sum, 0);
            for (int r = 0; r < rows; r++) {
                double[] h = p[order[r * streams + s]];
                for (int z = 0; z <= k2; z++) sum[z] += h[z];
            }
            double acc = 0;
            for (int j = 1; j <= k2; j++) acc += ceilDiv(j, fine) * (sum[k2 - j] / rows);
            // a window never takes more than ceil(K²/fine) cycles; the cap only removes float noise
            double cycles = Math.min((skipZeroWindows ? 0 : sum[k2] / rows) + acc, ceilDiv(k2, fine));
            worst = Math.max(worst, cycles);
            leastZeroWindows = Math.min(leastZeroWindows, sum[k2] / rows);
        }
        return new double[] {worst, leastZeroWindows};
    }

    @Override protected int vectorDotDepth(int fine) { return 0; }

    /** E expected cycles per window on the slowest stream: 1/(E·F/(co·g)) words in, 1/E sums out per cycle. */
    @Override
    protected double[] vectorDotRates(int ci, int co, int cg, int fine) {
        double[] st = streamStats(ci * cg, fine, true);
        double e = st[0];
        // skipped all-zero windows never reach the accumulator, which therefore sees words 1/(1 − zero windows) as often
        double accumulatorIn = skipZeroWindows ? 1 / (1 - st[1]) : 1.0;
        return new double[] {1.0 / (e * filtersPerUnit(co)), 1.0 / e, accumulatorIn};
    }

    @Override
    protected long accumulatorChannels(int ci, int cg, int fine) { return spec.input().channels() / ((long) ci * cg); }

    @Override
    protected double expectedNonZeroFraction() {
        double s = 0;
        for (int c = 0; c < p.length; c++) s += channelCycles(c, 1);
        return s / p.length / k2;
    }
}
