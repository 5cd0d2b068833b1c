package dev.hass.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Design-space exploration: the folding of every stage that gives the highest throughput within the
 * board's resources × the allowed fraction.
 *
 * <p>How ({@link FoldingSearch}): every stage's foldings are evaluated once (cached) and sorted by their
 * effective latency (the stage latency, or the per-stream words in/out when larger — what the squeeze
 * next to it would take). For a target interval T each stage takes its cheapest folding reaching T,
 * "cheapest" by resources weighted by 1/available; a binary search finds the smallest feasible T, the
 * weights of the resources that run out are raised and the search repeated, and a final greedy pass
 * upgrades the bottleneck stages one at a time with what is left. Infeasible designs are never returned
 * as the best: when even the cheapest folding does not fit, the minimal design comes back with
 * {@link Design#feasible()} false and the violated resources in {@link Design#violations()}.
 */
public final class Dse {
    private Dse() {}

    /** Lowers the network (histograms by conv node name; absent = dense) and optimises it. */
    public static Design optimise(Network network, Map<String, ChannelHistograms> histograms, Platform platform,
                                  HardwareOptions options) {
        return optimise(Lowering.lower(network, histograms, options.widths()), platform, options);
    }

    /** Optimises an already lowered pipeline. */
    public static Design optimise(Pipeline pipeline, Platform platform, HardwareOptions options) {
        return new FoldingSearch(pipeline, platform, options).run();
    }

    /** Every stage at its minimal folding (all parallelism 1): the cheapest, slowest design. */
    public static Design minimal(Pipeline pipeline, Platform platform, HardwareOptions options) {
        List<Folding> f = new ArrayList<>();
        for (Stage s : pipeline.stages()) f.add(s.minimal());
        return Design.evaluate(pipeline, f, platform, options);
    }

    /**
     * Uniform sparsity: every conv layer gets Binomial(K², s) window histograms on all its input
     * channels (each product is zero independently with probability s). s = 0 gives dense layers.
     */
    public static Map<String, ChannelHistograms> uniform(Network network, double sparsity) {
        if (!(sparsity >= 0 && sparsity <= 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1], got " + sparsity);
        }
        Map<String, ChannelHistograms> h = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            if (n.op() instanceof Op.Conv c) {
                int channels = network.inputShape(n.name()).channels();
                h.put(n.name(), ChannelHistograms.binomial(channels, c.kernelRows() * c.kernelCols(), sparsity));
            }
        }
        return h;
    }

    static long[] toArray(Resources r) {
        return new long[] {r.dsp(), r.bram(), r.lut(), r.ff(), r.uram()};
    }

    /** Resources plus off-chip bits per frame as a sixth "resource" (the DSE's view). */
    static long[] toArray(Resources r, long offChipBits) {
        return new long[] {r.dsp(), r.bram(), r.lut(), r.ff(), r.uram(), offChipBits};
    }
}
