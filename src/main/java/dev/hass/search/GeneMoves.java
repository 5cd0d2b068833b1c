package dev.hass.search;

import dev.hass.space.Encoding;
import dev.hass.study.Trial;
import java.util.ArrayList;
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
 *   <li>{@link #bottleneck}: raise τ_w and τ_a of every layer whose stage runs within {@code tolerance} of the
 *       interval in the parent's design, by one shared step, and lower the others' to give accuracy back. A
 *       parent that broke the accuracy limit is repaired instead: the bottleneck genes stay, the others drop.</li>
 *   <li>{@link #uniform}: scale every gene's distance from its lower bound by one factor and shift all by one
 *       small step: the global-threshold direction, taken from a per-layer point.</li>
 * </ul>
 */
public final class GeneMoves {
    /** A stage within this fraction of the interval counts as a bottleneck. */
    public static final double TOLERANCE = 0.05;
    static final double MIN_RAISE = 0.02, MAX_RAISE = 0.10, MAX_LOWER = 0.06;

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
        long worst = t.layers().stream().mapToLong(Trial.LayerStats::cycles).max().orElse(0);
        long interval = Math.max(t.design().intervalCycles(), worst);
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Trial.LayerStats l : t.layers()) if (l.cycles() >= (1 - TOLERANCE) * interval) out.add(l.name());
        return out;
    }

    /**
     * The bottleneck move on {@code child} (a copy of its parent); false, leaving it unchanged, when the parent
     * has no design or none of its bottleneck stages has genes (then the caller uses another move).
     */
    public boolean bottleneck(DoubleSolution child, Trial parent) {
        Set<String> hot = new java.util.HashSet<>(bottleneckLayers(parent));
        hot.retainAll(genesOfLayer.keySet());
        if (hot.isEmpty()) return false;
        boolean repair = parent.complete() && parent.constraints().getOrDefault("accuracyDrop", 0.0) > 0;
        double raise = repair ? 0 : MIN_RAISE + random.nextDouble() * (MAX_RAISE - MIN_RAISE);
        double lowerBy = random.nextDouble() * MAX_LOWER * (repair ? 2 : 1);
        for (Map.Entry<String, List<Integer>> e : genesOfLayer.entrySet()) {
            double step = hot.contains(e.getKey()) ? raise : -lowerBy;
            for (int i : e.getValue()) set(child, i, child.variables().get(i) + step * (upper[i] - lower[i]));
        }
        return true;
    }

    /** The uniform-direction move on {@code child}: every gene's distance from its lower bound × f, plus d of its range. */
    public void uniform(DoubleSolution child) {
        double f = 0.85 + random.nextDouble() * 0.45, d = -0.01 + random.nextDouble() * 0.04;
        for (int i = 0; i < lower.length; i++) {
            set(child, i, lower[i] + (child.variables().get(i) - lower[i]) * f + d * (upper[i] - lower[i]));
        }
    }

    private void set(DoubleSolution s, int i, double v) {
        s.variables().set(i, Math.max(lower[i], Math.min(upper[i], v)));
    }
}
