package dev.hass.search;

import dev.hass.space.Encoding;
import dev.hass.study.Trial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;

/**
 * The two hardware-aware moves of HASS's variation, on a copy of one parent (steps are fractions of each
 * gene's range, drawn from {@link JMetalRandom} so a seeded search repeats them).
 *
 * <p>Why they exist: the DSE rebalances the whole board for every candidate, so after it several stages share
 * the interval. Making one layer sparser then buys nothing (the others still set the pace); only moving all
 * tied stages together pays. SBX and polynomial mutation change one or two genes per child, so they rarely
 * find those joint moves; these two make them directly.
 * <ul>
 *   <li>{@link #bottleneck}, for a parent with a design. Its stages share the interval, but not the board: the
 *       stages compete for DSPs, and a stage's folding comes in steps (halving its DSPs doubles its cycles). So
 *       the move takes one of two forms, half of the time each: <em>raise the bottleneck</em> (τ_w and τ_a of
 *       every layer whose stage runs within {@code tolerance} of the interval, by one shared step, and of each
 *       other layer with probability {@link #DONOR_PROBABILITY}), or <em>free resources</em> (one layer off the
 *       bottleneck, drawn by DSPs × slack, raised by a large step, so that its stage meets the interval with a
 *       smaller folding and the DSE can give the DSPs to the bottleneck: on vgg_small, conv5 from 2 048 DSPs to
 *       1 024 and conv2 from 3 072 to 4 096, ×1.05 → ×1.15 of uniform). No gene is lowered: a denser
 *       non-bottleneck stage needs DSPs the bottleneck needs (this move first gave accuracy back that way). A
 *       parent that broke the accuracy limit is repaired instead: the bottleneck genes stay, the others drop.
 *       Measured in docs/search.md.</li>
 *   <li>{@link #uniform}: scale every gene's distance from its lower bound by one factor and shift all by one
 *       small step: the global-threshold direction, taken from a per-layer point.</li>
 * </ul>
 */
public final class GeneMoves {
    /** A stage within this fraction of the interval counts as a bottleneck. */
    public static final double TOLERANCE = 0.05;
    /** The chance that a layer off the bottleneck joins a bottleneck move's raise as a resource donor. */
    public static final double DONOR_PROBABILITY = 0.3;
    /** The chance that a bottleneck move frees resources (one donor, a large step) instead of raising the bottleneck. */
    public static final double FREE_PROBABILITY = 0.5;
    static final double MIN_RAISE = 0.02, MAX_RAISE = 0.10, MAX_LOWER = 0.12, FREE_MIN = 0.05, FREE_MAX = 0.30;

    private final double[] lower, upper;
    private final Map<String, List<Integer>> genesOfLayer = new LinkedHashMap<>();
    private final JMetalRandom random = JMetalRandom.getInstance();

    public GeneMoves(Encoding encoding) {
        lower = encoding.lower();
        upper = encoding.upper();
        List<Encoding.Param> ps = encoding.params();
        for (int i = 0; i < ps.size(); i++) {
            String n = ps.get(i).name();
            String layer = n.startsWith(Encoding.WEIGHT_PREFIX) ? n.substring(Encoding.WEIGHT_PREFIX.length())
                    : n.startsWith(Encoding.ACTIVATION_PREFIX) ? n.substring(Encoding.ACTIVATION_PREFIX.length()) : null;
            if (layer != null) genesOfLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(i);
        }
    }

    /** Layers of a trial's design whose stage cycles are within {@link #TOLERANCE} of its interval. */
    public static Set<String> bottleneckLayers(Trial t) {
        if (t == null || t.design() == null || t.layers().isEmpty()) return Set.of();
        long interval = interval(t);
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Trial.LayerStats l : t.layers()) if (l.cycles() >= (1 - TOLERANCE) * interval) out.add(l.name());
        return out;
    }

    /** The design's interval in cycles (at least its slowest stage's). */
    private static long interval(Trial t) {
        return Math.max(t.design().intervalCycles(), t.layers().stream().mapToLong(Trial.LayerStats::cycles).max().orElse(0));
    }

    /**
     * The bottleneck move on {@code child} (a copy of its parent); false, leaving it unchanged, when the parent
     * has no design or none of its bottleneck stages has genes (then the caller uses another move). A parent over
     * the accuracy limit is {@linkplain #repair repaired}; otherwise, with probability {@link #FREE_PROBABILITY}, the
     * move {@linkplain #freeResources frees resources} for the bottleneck, else it {@linkplain #raiseBottleneck raises}
     * the bottleneck.
     */
    public boolean bottleneck(DoubleSolution child, Trial parent) {
        Set<String> hot = hotLayers(parent);
        if (hot.isEmpty()) return false;
        if (parent.complete() && parent.constraints().getOrDefault("accuracyDrop", 0.0) > 0) {
            repair(child, hot);
        } else if (!(random.nextDouble() < FREE_PROBABILITY && freeResources(child, parent, hot))) {
            raiseBottleneck(child, hot);
        }
        return true;
    }

    /** The parent's bottleneck layers that have genes. */
    Set<String> hotLayers(Trial parent) {
        Set<String> hot = new HashSet<>(bottleneckLayers(parent));
        hot.retainAll(genesOfLayer.keySet());
        return hot;
    }

    /** The bottleneck genes stay; every other layer's drop by one shared step (accuracy back, for an infeasible parent). */
    void repair(DoubleSolution child, Set<String> hot) {
        double lowerBy = random.nextDouble() * MAX_LOWER;
        for (Map.Entry<String, List<Integer>> e : genesOfLayer.entrySet()) {
            if (!hot.contains(e.getKey())) shift(child, e.getValue(), -lowerBy);
        }
    }

    /**
     * Raises every bottleneck layer's genes by one shared step, and each other layer's by the same step with
     * probability {@link #DONOR_PROBABILITY}; lowers nothing.
     */
    void raiseBottleneck(DoubleSolution child, Set<String> hot) {
        double raise = MIN_RAISE + random.nextDouble() * (MAX_RAISE - MIN_RAISE);
        for (Map.Entry<String, List<Integer>> e : genesOfLayer.entrySet()) {
            boolean donor = !hot.contains(e.getKey()) && random.nextDouble() < DONOR_PROBABILITY;
            if (hot.contains(e.getKey()) || donor) shift(child, e.getValue(), raise);
        }
    }

    /**
     * Raises the genes of one layer off the bottleneck by a large step (between {@link #FREE_MIN} and {@link #FREE_MAX}
     * of their ranges), drawn with weight DSPs × slack (its DSPs times 1 − its stage's cycles / the interval): a
     * stage well under the interval that holds many DSPs is the one that, a little sparser, meets the interval with
     * a smaller folding, and the DSE gives the DSPs it frees to the bottleneck. False, leaving the child unchanged,
     * when no such layer has slack.
     */
    boolean freeResources(DoubleSolution child, Trial parent, Set<String> hot) {
        double interval = interval(parent);
        List<String> names = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double total = 0;
        for (Trial.LayerStats l : parent.layers()) {
            double w = l.dsp() * Math.max(0, 1 - l.cycles() / interval);
            if (hot.contains(l.name()) || !genesOfLayer.containsKey(l.name()) || w <= 0) continue;
            names.add(l.name());
            weights.add(w);
            total += w;
        }
        if (names.isEmpty()) return false;
        double u = random.nextDouble() * total;
        int pick = names.size() - 1;
        for (int i = 0; i < names.size(); i++) {
            if ((u -= weights.get(i)) <= 0) {
                pick = i;
                break;
            }
        }
        shift(child, genesOfLayer.get(names.get(pick)), FREE_MIN + random.nextDouble() * (FREE_MAX - FREE_MIN));
        return true;
    }

    /** The uniform-direction move on {@code child}: every gene's distance from its lower bound × f, plus d of its range. */
    public void uniform(DoubleSolution child) {
        double f = 0.85 + random.nextDouble() * 0.45, d = -0.01 + random.nextDouble() * 0.04;
        for (int i = 0; i < lower.length; i++) {
            set(child, i, lower[i] + (child.variables().get(i) - lower[i]) * f + d * (upper[i] - lower[i]));
        }
    }

    private void shift(DoubleSolution s, List<Integer> genes, double fractionOfRange) {
        for (int i : genes) set(s, i, s.variables().get(i) + fractionOfRange * (upper[i] - lower[i]));
    }

    private void set(DoubleSolution s, int i, double v) {
        s.variables().set(i, Math.max(lower[i], Math.min(upper[i], v)));
    }
}
