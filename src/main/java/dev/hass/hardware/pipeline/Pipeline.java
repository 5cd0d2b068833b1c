package dev.hass.hardware.pipeline;

import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.memory.OffChipWeights;
import dev.hass.hardware.memory.UramWeights;
import dev.hass.hardware.stage.EltwiseStage;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stages of a dataflow accelerator and the streams between them, before any folding is chosen.
 * Squeeze stages are not part of it: they appear wherever a producer's streams-out differ from its
 * consumer's streams-in, which depends on the folding, so the design ({@code dse.Design}) derives them (named like the
 * reference, {@code <producer>_squeeze_<consumer>}) through the {@link SqueezeFactory}.
 *
 * <p>Stages are in topological order; edges go from an earlier to a later stage.
 */
public final class Pipeline {

    /** A stream of feature maps of the given shape from stage {@code from} to stage {@code to} (indices). */
    public record Edge(int from, int to, TensorShape shape) {}

    /** Makes the data-routing stage that converts {@code streamsIn} parallel streams into {@code streamsOut}. */
    @FunctionalInterface
    public interface SqueezeFactory {
        Stage squeeze(String name, TensorShape shape, int streamsIn, int streamsOut);
    }

    private final String name;
    private final List<Stage> stages;
    private final List<Edge> edges;
    private final SqueezeFactory squeezes;
    private final List<List<Stage>> alternatives;
    private final int[][] in;
    private final int[][] out;
    private final Map<Long, Stage> squeezeCache = new ConcurrentHashMap<>();
    private volatile long[] floors;

    public Pipeline(String name, List<Stage> stages, List<Edge> edges, SqueezeFactory squeezes) {
        this(name, stages, edges, squeezes, null);
    }

    /**
     * @param alternatives per stage, other implementations of it the DSE may choose instead (e.g. with
     *                     weights streamed from off-chip memory); null or empty lists for none
     */
    public Pipeline(String name, List<Stage> stages, List<Edge> edges, SqueezeFactory squeezes, List<List<Stage>> alternatives) {
        this.name = name;
        List<List<Stage>> alt = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            List<Stage> v = new ArrayList<>();
            v.add(stages.get(i));
            if (alternatives != null && i < alternatives.size() && alternatives.get(i) != null) v.addAll(alternatives.get(i));
            alt.add(List.copyOf(v));
        }
        this.alternatives = List.copyOf(alt);
        this.stages = List.copyOf(stages);
        this.edges = List.copyOf(edges);
        this.squeezes = squeezes;
        int n = this.stages.size();
        List<List<Integer>> ins = new ArrayList<>(), outs = new ArrayList<>();
        for (int i = 0; i < n; i++) { ins.add(new ArrayList<>()); outs.add(new ArrayList<>()); }
        for (int e = 0; e < this.edges.size(); e++) {
            Edge edge = this.edges.get(e);
            if (edge.from() < 0 || edge.to() >= n || edge.from() >= edge.to()) {
                throw new IllegalArgumentException("pipeline " + name + ": edge " + edge + " is not forward between stages 0.." + (n - 1));
            }
            outs.get(edge.from()).add(e);
            ins.get(edge.to()).add(e);
        }
        in = ins.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        out = outs.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    public String name() { return name; }

    public List<Stage> stages() { return stages; }

    public List<Edge> edges() { return edges; }

    public int size() { return stages.size(); }

    /**
     * The same streams with other stages and alternatives (e.g. every stage restricted to some of its
     * variants): stage i of the result must stand in for stage i of this pipeline.
     */
    public Pipeline withStages(List<Stage> stages, List<List<Stage>> alternatives) {
        if (stages.size() != this.stages.size()) {
            throw new IllegalArgumentException("pipeline " + name + " has " + this.stages.size() + " stages, got " + stages.size());
        }
        return new Pipeline(name, stages, edges, squeezes, alternatives);
    }

    /** Stage i and its alternatives (the first is {@code stages().get(i)}). */
    public List<Stage> variants(int i) { return alternatives.get(i); }

    /** Index of the stage of that name, or -1. */
    public int indexOf(String stageName) {
        for (int i = 0; i < stages.size(); i++) if (stages.get(i).name().equals(stageName)) return i;
        return -1;
    }

    /**
     * True when edge e carries a C×1×1 scale into a broadcasting multiply (squeeze-excite): that branch
     * runs beside the main one, whose frame the multiply buffers meanwhile.
     */
    public boolean broadcast(int e) {
        Edge edge = edges.get(e);
        Stage to = stages.get(edge.to());
        return to instanceof EltwiseStage es && es.broadcast() && edge.shape().rows() == 1 && edge.shape().cols() == 1
                && es.input().rows() * es.input().cols() > 1;
    }

    /** Indices of the edges into stage i (the caller must not change the array). */
    public int[] edgesIn(int i) { return in[i]; }

    /** Indices of the edges out of stage i (the caller must not change the array). */
    public int[] edgesOut(int i) { return out[i]; }

    /** The squeeze on edge e converting {@code streamsIn} into {@code streamsOut} streams (memoised). */
    public Stage squeeze(int e, int streamsIn, int streamsOut) {
        long key = ((long) e << 40) | ((long) streamsIn << 20) | streamsOut;
        return squeezeCache.computeIfAbsent(key, k -> {
            Edge edge = edges.get(e);
            return squeezes.squeeze(squeezeName(e), edge.shape(), streamsIn, streamsOut);
        });
    }

    /** The reference's name of the squeeze on edge e. */
    String squeezeName(int e) {
        Edge edge = edges.get(e);
        return stages.get(edge.from()).name() + "_squeeze_" + stages.get(edge.to()).name();
    }

    /**
     * Per stage, its latency at the largest folding: no design can have a shorter interval than their
     * max. Computed once and shared: the caller must not change the array.
     */
    public long[] floorCycles() {
        long[] f = floors;
        if (f == null) {
            f = new long[stages.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = stages.get(i).evaluate(maximal(stages.get(i).space())).latency();
            }
            floors = f;
        }
        return f;
    }

    static Folding maximal(Stage.FoldingSpace s) {
        return switch (s.kind()) {
            case CONV -> new Folding.Conv(last(s.coarseIn()), last(s.coarseOut()), last(s.coarseGroup()), last(s.fine()));
            case INNER_PRODUCT -> new Folding.InnerProduct(last(s.coarseIn()), last(s.coarseOut()));
            case COARSE -> new Folding.Coarse(last(s.coarseIn()));
        };
    }

    private static int last(List<Integer> l) { return l.get(l.size() - 1); }

    /** Σ over stages of expected multiplier-cycles per frame (the numerator of the perfect-division bound). */
    public double expectedMultiplierCycles() {
        double s = 0;
        for (Stage st : stages) s += st.expectedMultiplierCycles();
        return s;
    }

    /** A short type name for reports: the stage's class name without a trailing "Stage". */
    public static String typeOf(Stage s) {
        if (s instanceof Stage.Repriced r) return typeOf(r.original());
        if (s instanceof OffChipWeights o) return typeOf(o.onChip()) + "/offchip";
        if (s instanceof UramWeights u) return typeOf(u.onChip()) + "/uram";
        String n = s.getClass().getSimpleName();
        return n.endsWith("Stage") && n.length() > 5 ? n.substring(0, n.length() - 5) : n;
    }

    @Override public String toString() { return "Pipeline[" + name + ", " + stages.size() + " stages, " + edges.size() + " edges]"; }
}
