package dev.hass.hardware.dse;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.memory.OffChipWeights;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One accelerator design: a folding for every stage of a {@link Pipeline} and everything that follows
 * from it on a {@link Platform} — per-stage metrics (including the derived squeeze stages), interval,
 * pipeline depth, batch cycles, throughput, latency, resources, feasibility, the bottleneck and the
 * distance to the perfect-division bound. Immutable; build with {@link #evaluate}.
 *
 * <p>Formulas (they reproduce every reference run, see the conformance README):
 * interval I = max stage latency; depth D = longest path over Σ pd_j/rate_in_j + (I/size_in_j)·Π_{k≤j}
 * size_in_k/size_out_k; batch cycles = ⌊⌈I·slowdown⌉·B + D⌋ with slowdown = max(1, off-chip Gb/s needed
 * / board Gb/s); throughput = B·f/batch cycles; latency = batch cycles/f.
 */
public final class Design {

    /**
     * One stage of the design. {@code derived} marks the squeeze stages the folding made necessary
     * (their folding is fixed by the neighbours).
     */
    public record StageDesign(String name, String type, Folding folding, StageMetrics metrics, boolean derived) {}

    private final Pipeline pipeline;
    private final Platform platform;
    private final HardwareOptions options;
    private final List<Folding> foldings;
    private final List<Stage> chosen;
    private final List<StageDesign> stages;
    private final long interval;
    private final double depth;
    private final double slowdown;
    private final long batchCycles;
    private final Resources resources;
    private final List<String> violated;
    private final int bottleneck;
    private final double dspBound;
    private final long floor;

    private final double offChipGbps;

    private Design(Pipeline pipeline, Platform platform, HardwareOptions options, List<Stage> chosen, List<Folding> foldings,
                   List<StageDesign> stages, long interval, double depth, double offChipGbps, Resources resources,
                   int bottleneck) {
        this.pipeline = pipeline;
        this.chosen = List.copyOf(chosen);
        this.offChipGbps = offChipGbps;
        double slowdown = Math.max(1.0, offChipGbps / platform.dramGbps());
        this.platform = platform;
        this.options = options;
        this.foldings = List.copyOf(foldings);
        this.stages = Collections.unmodifiableList(stages);
        this.interval = interval;
        this.depth = depth;
        this.slowdown = slowdown;
        this.batchCycles = (long) Math.floor((double) (long) Math.ceil(interval * slowdown) * options.batch() + depth);
        this.resources = resources;
        this.violated = violations(resources, platform.limits(), options.resourceFraction());
        this.bottleneck = bottleneck;
        long budget = (long) Math.floor(platform.dsp() * options.resourceFraction()) * options.widths().multipliersPerDsp();
        this.dspBound = pipeline.expectedMultiplierCycles() / Math.max(1, budget);
        long f = 0;
        for (long x : pipeline.floorCycles()) f = Math.max(f, x);
        this.floor = f;
    }

    /** Evaluates the pipeline's stages at one folding per stage (in stage order). */
    public static Design evaluate(Pipeline pipeline, List<Folding> foldings, Platform platform, HardwareOptions options) {
        return evaluate(pipeline, pipeline.stages(), foldings, platform, options);
    }

    /**
     * Evaluates a choice among each stage's {@link Pipeline#variants} (e.g. {@link #stageChoices()} of
     * another design) at one folding per stage.
     */
    public static Design evaluate(Pipeline pipeline, List<Stage> stages, List<Folding> foldings, Platform platform,
                                  HardwareOptions options) {
        int n = pipeline.size();
        if (foldings.size() != n || stages.size() != n) {
            throw new IllegalArgumentException("pipeline " + pipeline.name() + " has " + n + " stages, got " + stages.size()
                    + " stages and " + foldings.size() + " foldings");
        }
        StageMetrics[] m = new StageMetrics[n];
        for (int i = 0; i < n; i++) {
            if (!pipeline.variants(i).contains(stages.get(i))) {
                throw new IllegalArgumentException("stage " + i + " (" + stages.get(i).name() + ") is not a variant of " + pipeline.stages().get(i).name());
            }
            m[i] = stages.get(i).evaluate(foldings.get(i));
        }
        return assemble(pipeline, stages, foldings, m, platform, options);
    }

    /** Builds the design from already evaluated core stages (the DSE has them cached). */
    static Design assemble(Pipeline p, List<Stage> chosen, List<Folding> foldings, StageMetrics[] m, Platform platform,
                           HardwareOptions options) {
        int n = p.size();
        List<StageDesign> out = new ArrayList<>(n + 8);
        // graph over core stages + squeezes: node ids 0..n-1 core, n.. squeezes
        List<StageMetrics> nodeMetrics = new ArrayList<>(List.of(m));
        List<int[]> arcs = new ArrayList<>();
        int[] squeezeOfEdge = new int[p.edges().size()];
        List<StageDesign> squeezeDesigns = new ArrayList<>();
        for (int e = 0; e < p.edges().size(); e++) {
            Pipeline.Edge edge = p.edges().get(e);
            int so = m[edge.from()].streamsOut(), si = m[edge.to()].streamsIn();
            if (so == si) {
                squeezeOfEdge[e] = -1;
                if (!p.broadcast(e)) arcs.add(new int[] {edge.from(), edge.to()});
            } else {
                Stage sq = p.squeeze(e, so, si);
                Folding f = sq.minimal();
                StageMetrics sm = sq.evaluate(f);
                int id = nodeMetrics.size();
                nodeMetrics.add(sm);
                squeezeOfEdge[e] = id;
                squeezeDesigns.add(new StageDesign(sq.name(), Pipeline.typeOf(sq), f, sm, true));
                arcs.add(new int[] {edge.from(), id});
                if (!p.broadcast(e)) arcs.add(new int[] {id, edge.to()});
            }
        }
        // report order: each core stage followed by the squeezes on its outgoing edges
        for (int i = 0; i < n; i++) {
            Stage s = chosen.get(i);
            out.add(new StageDesign(s.name(), Pipeline.typeOf(s), foldings.get(i), m[i], false));
            for (int e : p.edgesOut(i)) {
                if (squeezeOfEdge[e] >= 0) out.add(squeezeDesigns.get(squeezeOfEdge[e] - n));
            }
        }
        long interval = 0;
        int bottleneck = 0;
        Resources total = Resources.ZERO;
        for (int i = 0; i < out.size(); i++) {
            StageMetrics sm = out.get(i).metrics();
            if (sm.latency() > interval) { interval = sm.latency(); bottleneck = i; }
            total = total.plus(sm.resources());
        }
        // the fill ends at the network's output; a broadcasting multiply waits one frame for its scale
        boolean[] sink = new boolean[nodeMetrics.size()];
        double[] extra = new double[nodeMetrics.size()];
        for (int i = 0; i < n; i++) sink[i] = p.edgesOut(i).length == 0;
        for (int e = 0; e < p.edges().size(); e++) if (p.broadcast(e)) extra[p.edges().get(e).to()] = interval;
        double depth = depth(nodeMetrics, arcs, interval, sink, extra);
        double gbps = offChipGbps(p, chosen, m, interval, platform, options);
        return new Design(p, platform, options, chosen, foldings, out, interval, depth, gbps, total, bottleneck);
    }

    /**
     * Longest fill path: node j contributes pd_j/rate_in_j + (I/size_in_j)·Π_{k≤j on the path}
     * size_in_k/size_out_k. Where sizes chain (every producer's words per stream equal its consumer's,
     * which squeezes ensure) the product telescopes to size_in_0/size_out_j; we use that closed form,
     * identical on every reference run, because across a broadcast (the C×1×1 scale of squeeze-excite
     * entering a C×H×W multiply) sizes do not chain and the literal product would grow with every block.
     * Nodes are visited so that predecessors come first.
     */
    static double depth(List<StageMetrics> nodes, List<int[]> arcs, long interval) {
        int n = nodes.size();
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        return depth(nodes, arcs, interval, all, new double[n]);
    }

    static double depth(List<StageMetrics> nodes, List<int[]> arcs, long interval, boolean[] sink, double[] extra) {
        int n = nodes.size();
        List<List<Integer>> preds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) preds.add(new ArrayList<>(2));
        for (int[] a : arcs) preds.get(a[1]).add(a[0]);
        double[] best = new double[n];
        double[] source = new double[n];
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) visit(i, nodes, preds, best, source, done, interval, extra);
        double d = 0;
        for (int i = 0; i < n; i++) if (sink[i]) d = Math.max(d, best[i]);
        return d;
    }

    private static void visit(int i, List<StageMetrics> nodes, List<List<Integer>> preds, double[] best,
                              double[] source, boolean[] done, long interval, double[] extra) {
        if (done[i]) return;
        StageMetrics m = nodes.get(i);
        double bestPrev = 0, src = m.sizeIn();
        boolean first = true;
        for (int p : preds.get(i)) {
            visit(p, nodes, preds, best, source, done, interval, extra);
            if (first || best[p] > bestPrev) { bestPrev = best[p]; src = source[p]; first = false; }
        }
        source[i] = src;
        best[i] = bestPrev + term(m, interval, src) + extra[i];
        done[i] = true;
    }

    /** One node's share of the fill: pd/rate_in + I·size_in_0/(size_in·size_out). */
    static double term(StageMetrics m, long interval, double sourceSizeIn) {
        return m.pipelineDepth() / m.rateIn() + interval * sourceSizeIn / ((double) m.sizeIn() * m.sizeOut());
    }

    /** Off-chip bits per frame: network input and output, and the weights of stages that stream them. */
    static double offChipBitsPerFrame(Pipeline p, List<Stage> chosen, StageMetrics[] m, HardwareOptions o) {
        double words = 0, bits = 0;
        for (int i = 0; i < p.size(); i++) {
            if (p.edgesIn(i).length == 0) words += (double) m[i].sizeIn() * m[i].streamsIn();
            if (p.edgesOut(i).length == 0) words += (double) m[i].sizeOut() * m[i].streamsOut();
            if (chosen.get(i) instanceof OffChipWeights w) bits += w.weightBitsPerFrame();
        }
        return words * o.widths().data() + bits;
    }

    static double offChipGbps(Pipeline p, List<Stage> chosen, StageMetrics[] m, long interval, Platform platform, HardwareOptions o) {
        return offChipBitsPerFrame(p, chosen, m, o) * platform.frequencyHz() / interval / 1e9;
    }

    private static List<String> violations(Resources r, Resources limit, double fraction) {
        List<String> v = new ArrayList<>();
        check(v, "DSP", r.dsp(), limit.dsp(), fraction);
        check(v, "BRAM", r.bram(), limit.bram(), fraction);
        check(v, "LUT", r.lut(), limit.lut(), fraction);
        check(v, "FF", r.ff(), limit.ff(), fraction);
        check(v, "URAM", r.uram(), limit.uram(), fraction);
        return List.copyOf(v);
    }

    private static void check(List<String> v, String name, long used, long limit, double fraction) {
        if (used > limit * fraction) {
            v.add(name + " " + used + " > " + String.format(java.util.Locale.ROOT, "%.0f", Math.floor(limit * fraction))
                    + " (" + limit + " × " + fraction + ")");
        }
    }

    // ------------------------------------------------------------------ accessors

    public Pipeline pipeline() { return pipeline; }

    public Platform platform() { return platform; }

    public HardwareOptions options() { return options; }

    /** The folding of each core stage, in pipeline order (re-evaluate with {@link #evaluate}). */
    public List<Folding> foldings() { return foldings; }

    /** The implementation chosen for each core stage (one of {@link Pipeline#variants}). */
    public List<Stage> stageChoices() { return chosen; }

    /** Off-chip traffic at this interval: network input/output and streamed weights, in Gb/s. */
    public double offChipGbps() { return offChipGbps; }

    /** Every stage in report order: each core stage followed by the squeezes on its outputs. */
    public List<StageDesign> stages() { return stages; }

    /** Cycles per frame of the slowest stage. */
    public long intervalCycles() { return interval; }

    /** Fill latency of the pipeline in cycles (longest path). */
    public double pipelineDepthCycles() { return depth; }

    /** > 1 when the off-chip bandwidth needed at this interval exceeds the board's. */
    public double slowdown() { return slowdown; }

    public long batchCycles() { return batchCycles; }

    /** Frames per second: B·f/batch cycles. */
    public double throughput() { return options.batch() * platform.frequencyHz() / batchCycles; }

    /** Seconds to process one batch (batch cycles / f). */
    public double latencySeconds() { return batchCycles / platform.frequencyHz(); }

    /** Sum of the resources of all stages, squeezes included. */
    public Resources resources() { return resources; }

    /** Used / available per resource, in percent of the whole board. */
    public double percentOfBoard(String resource) {
        Resources l = platform.limits();
        return switch (resource) {
            case "DSP" -> pct(resources.dsp(), l.dsp());
            case "BRAM" -> pct(resources.bram(), l.bram());
            case "LUT" -> pct(resources.lut(), l.lut());
            case "FF" -> pct(resources.ff(), l.ff());
            case "URAM" -> pct(resources.uram(), l.uram());
            default -> throw new IllegalArgumentException("unknown resource " + resource + "; allowed: DSP, BRAM, LUT, FF, URAM");
        };
    }

    private static double pct(long used, long limit) {
        return limit == 0 ? (used == 0 ? 0 : Double.POSITIVE_INFINITY) : 100.0 * used / limit;
    }

    /** Every resource within limit × resource fraction. */
    public boolean feasible() { return violated.isEmpty(); }

    /** The resources over their limit, e.g. "BRAM 6000 > 4838 (5376 × 0.9)"; empty when feasible. */
    public List<String> violations() { return violated; }

    /** The stage that sets the interval. */
    public StageDesign bottleneck() { return stages.get(bottleneck); }

    /** Σ expected multiplier-cycles / (DSP budget × multipliers per DSP): the interval if DSPs were perfectly divisible. */
    public double dspBoundCycles() { return dspBound; }

    /** The shortest interval any stage can reach at its largest folding (stream and data-rate limits). */
    public long floorCycles() { return floor; }

    /** Lower bound on the interval: max(perfect-division bound, floor). */
    public double boundCycles() { return Math.max(dspBound, floor); }

    /** bound / interval: 1 means the design is as fast as dividing the DSPs perfectly would allow. */
    public double boundRatio() { return boundCycles() / interval; }

    @Override public String toString() {
        return String.format(java.util.Locale.ROOT, "Design[%s on %s: interval %d, %.1f FPS, %s%s]", pipeline.name(),
                platform.name(), interval, throughput(), resources, feasible() ? "" : ", infeasible: " + violated);
    }
}
