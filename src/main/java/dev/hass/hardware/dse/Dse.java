package dev.hass.hardware.dse;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.memory.WeightPlacement;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.ConvStage;
import dev.hass.hardware.stage.DenseConvStage;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
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
 * upgrades the bottleneck stages one at a time with what is left; a local search then trades
 * folding between stages on the binding resource (LUT, BRAM), and the result is compared with the
 * reference's greedy folding and with the all-dense-engine design (see {@link #optimise}).
 * Infeasible designs are never returned as the best: when even the cheapest folding does not fit,
 * the minimal design comes back with
 * {@link Design#feasible()} false and the violated resources in {@link Design#violations()}.
 */
public final class Dse {
    private Dse() {}

    /** Lowers the network (histograms by conv node name; absent = dense) and optimises it. */
    public static Design optimise(Network network, Map<String, ChannelHistograms> histograms, Platform platform,
                                  HardwareOptions options) {
        return optimise(Lowering.lower(network, histograms, options.widths()), platform, options);
    }

    /**
     * Optimises an already lowered pipeline. The search ({@link FoldingSearch}, where each sparse conv
     * may also run on the dense engine) is compared with the reference's greedy folding ({@link #greedy}),
     * so the DSE never loses to the optimiser it replaces; and both are repeated with every sparse conv
     * on the dense engine — exactly what the dense network gets — so sparsity never makes a design
     * slower. The fastest feasible design is returned.
     */
    public static Design optimise(Pipeline pipeline, Platform platform, HardwareOptions options) {
        Design best = searchAndGreedy(pipeline, platform, options);
        Design dense = denseEngineDesign(pipeline, platform, options);
        return dense == null ? best : faster(best, dense);
    }

    private static Design searchAndGreedy(Pipeline p, Platform platform, HardwareOptions options) {
        return faster(new FoldingSearch(p, platform, options).run(), GreedyFolding.run(p, platform, options));
    }

    /**
     * The design of {@link #optimise} with every sparse conv on the dense engine (exactly what the dense
     * network gets), as a design of this pipeline; null when the pipeline has no sparse conv.
     */
    public static Design denseEngineDesign(Pipeline pipeline, Platform platform, HardwareOptions options) {
        Pipeline dense = denseEngines(pipeline);
        return dense == null ? null : onto(pipeline, searchAndGreedy(dense, platform, options));
    }

    /**
     * The faster of two designs of the same pipeline, feasible before infeasible; ties, and two infeasible
     * designs, keep the first (the search returns the minimal design when nothing fits).
     */
    static Design faster(Design a, Design b) {
        if (a.feasible() != b.feasible()) return a.feasible() ? a : b;
        return a.feasible() && b.throughput() > a.throughput() ? b : a;
    }

    /**
     * The pipeline with every sparse conv replaced by its dense-engine variant (and that variant's weight
     * placements) — the pipeline the dense network lowers to — or null when no stage has one.
     */
    static Pipeline denseEngines(Pipeline p) {
        List<Stage> stages = new ArrayList<>(p.size());
        List<List<Stage>> alternatives = new ArrayList<>(p.size());
        boolean any = false;
        for (int i = 0; i < p.size(); i++) {
            List<Stage> v = p.variants(i);
            Stage engine = v.get(0);
            if (engine instanceof ConvStage c && c.kind() != ConvStage.Kind.DENSE) {
                for (Stage s : v) if (s instanceof DenseConvStage) engine = s;
            }
            any |= engine != v.get(0);
            List<Stage> placements = new ArrayList<>();
            for (Stage s : v) if (s instanceof WeightPlacement w && w.onChip() == engine) placements.add(s);
            stages.add(engine);
            alternatives.add(placements);
        }
        return any ? p.withStages(stages, alternatives) : null;
    }

    /** A design of a restricted pipeline ({@link #denseEngines}) as a design of the full one. */
    private static Design onto(Pipeline full, Design d) {
        return Design.evaluate(full, d.stageChoices(), d.foldings(), d.platform(), d.options());
    }

    /**
     * The reference optimiser's greedy folding (rules in {@code HARDWARE_MODEL.md}) evaluated in our
     * model: the best-known design {@link #optimise} must never lose to.
     */
    public static Design greedy(Pipeline pipeline, Platform platform, HardwareOptions options) {
        return GreedyFolding.run(pipeline, platform, options);
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
