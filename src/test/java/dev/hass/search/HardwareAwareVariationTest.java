package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.space.Encoding;
import dev.hass.study.Direction;
import dev.hass.study.Objectives;
import dev.hass.study.Trial;
import dev.hass.study.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;

/** The hardware-aware operators on lenet5's space, with designs whose per-stage cycles we set. */
class HardwareAwareVariationTest {
    final Experiment experiment = AnalyticScorer.experiment("unused", "nsga2", 8, 1);
    final Encoding encoding = experiment.space().encoding(Architectures.spaceLayers("lenet5"));
    final HassProblem problem = new HassProblem(encoding, new Objectives(experiment.objectives()), null);

    /** A trial whose design runs each layer's stage at the given cycles (interval = the largest), on one DSP each. */
    static Trial trial(Map<String, Long> cycles, double accuracyDrop) {
        return trial(cycles, Map.of(), accuracyDrop);
    }

    /** As {@link #trial(Map, double)}, feasible, with each layer's DSPs. */
    static Trial trialWithDsps(Map<String, Long> cycles, Map<String, Long> dsps) {
        return trial(cycles, dsps, -0.01);
    }

    /** Layers in lenet5's order; a layer missing from {@code dsps} has one DSP. */
    static Trial trial(Map<String, Long> cycles, Map<String, Long> dsps, double accuracyDrop) {
        List<Trial.LayerStats> layers = new ArrayList<>();
        for (String n : List.of("conv1", "conv2", "fc1", "fc2", "fc3")) {
            if (cycles.containsKey(n)) layers.add(new Trial.LayerStats(n, 0, 0, 0, cycles.get(n), cycles.get(n), dsps.getOrDefault(n, 1L), false));
        }
        long interval = cycles.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Trial.DesignSummary d = new Trial.DesignSummary("b", 1, 1, interval, 0, 0, 0, 0, 0, 0, 0, 0, 0, "x", 1, true);
        return new Trial(0, "nsga2", 1, 0, TrialState.COMPLETE, Map.of(), Map.of("accuracy", 0.9, "throughput", 1.0),
                Map.of("accuracyDrop", accuracyDrop, "resources", -0.5), layers, d, null, null, 0, 0, null);
    }

    DoubleSolution middle() {
        DoubleSolution s = problem.createSolution();
        double[] lo = encoding.lower(), hi = encoding.upper();
        for (int i = 0; i < lo.length; i++) s.variables().set(i, (lo[i] + hi[i]) / 2);
        return s;
    }

    static Map<String, Long> cycles(long conv1, long conv2, long fc1, long fc2, long fc3) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("conv1", conv1);
        m.put("conv2", conv2);
        m.put("fc1", fc1);
        m.put("fc2", fc2);
        m.put("fc3", fc3);
        return m;
    }

    @Test
    void theBottleneckSetIsEveryStageWithinFivePercentOfTheInterval() {
        assertEquals(Set.of("conv1", "conv2"), GeneMoves.bottleneckLayers(trial(cycles(1000, 960, 949, 10, 1), -0.01)));
        assertEquals(Set.of(), GeneMoves.bottleneckLayers(null));
    }

    /** Per gene of {@code child}, its move from {@code parent} as a fraction of the gene's range. */
    double[] moved(DoubleSolution parent, DoubleSolution child) {
        double[] lo = encoding.lower(), hi = encoding.upper(), m = new double[lo.length];
        for (int i = 0; i < m.length; i++) m[i] = (child.variables().get(i) - parent.variables().get(i)) / (hi[i] - lo[i]);
        return m;
    }

    String layerOf(int gene) { return encoding.params().get(gene).name().substring(3); }

    @Test
    void raisingTheBottleneckRaisesItsLayersAndSomeDonorsByOneStepAndLowersNothing() {
        GeneMoves moves = new GeneMoves(encoding);
        Trial parentTrial = trial(cycles(1000, 990, 500, 100, 10), -0.01);
        Set<String> donors = new java.util.HashSet<>();
        int exact = 0;
        for (long seed = 1; seed <= 20; seed++) {
            JMetalRandom.getInstance().setSeed(seed);
            DoubleSolution parent = middle(), child = (DoubleSolution) parent.copy();
            moves.raiseBottleneck(child, moves.hotLayers(parentTrial));
            double[] m = moved(parent, child);
            double step = m[0];   // tw.conv1: a bottleneck gene
            assertTrue(step >= GeneMoves.MIN_RAISE - 1e-12 && step <= GeneMoves.MAX_RAISE, "step " + step);
            boolean onlyHot = true;
            for (int i = 0; i < m.length; i++) {
                String layer = layerOf(i);
                if (layer.equals("conv1") || layer.equals("conv2")) {
                    assertEquals(step, m[i], 1e-12, "one shared step: " + encoding.params().get(i).name());
                } else if (m[i] != 0) {
                    assertEquals(step, m[i], 1e-12, "a donor rises by the same step: " + encoding.params().get(i).name());
                    donors.add(layer);
                    onlyHot = false;
                }
            }
            if (onlyHot) exact++;
        }
        // each of the three other layers joins sometimes (p = 0.3); with no donor drawn the move raises exactly the
        // bottleneck layers' genes (P = 0.7³ ≈ 0.34 per move: some of 20, not all)
        assertEquals(Set.of("fc1", "fc2", "fc3"), donors);
        assertTrue(exact > 0 && exact < 20, "moves without a donor: " + exact + " of 20");
    }

    @Test
    void freeingResourcesRaisesOneLayerOffTheBottleneckByALargeStepDrawnByDspsTimesSlack() {
        GeneMoves moves = new GeneMoves(encoding);
        // conv1, conv2 at the interval; fc1 half idle with 8 DSPs (weight 4), fc2 half idle with 2 (weight 1), fc3
        // at the interval off the 5 % band... (0.94: slack 0.06, 1 DSP, weight 0.06)
        Trial parentTrial = trialWithDsps(Map.of("conv1", 1000L, "conv2", 990L, "fc1", 500L, "fc2", 500L, "fc3", 940L),
                Map.of("conv1", 8L, "conv2", 8L, "fc1", 8L, "fc2", 2L, "fc3", 1L));
        Map<String, Integer> picked = new java.util.HashMap<>();
        for (long seed = 1; seed <= 200; seed++) {
            JMetalRandom.getInstance().setSeed(seed);
            DoubleSolution parent = middle(), child = (DoubleSolution) parent.copy();
            assertTrue(moves.freeResources(child, parentTrial, moves.hotLayers(parentTrial)));
            double[] m = moved(parent, child);
            String donor = null;
            for (int i = 0; i < m.length; i++) {
                if (m[i] == 0) continue;
                String layer = layerOf(i);
                assertTrue(donor == null || donor.equals(layer), "one layer only: " + donor + ", " + layer);
                donor = layer;
                assertTrue(m[i] > 0, "raised, not lowered");
                // the large step, clipped at the top of the range (the parent sits in the middle)
                assertTrue(m[i] >= GeneMoves.FREE_MIN - 1e-12 && m[i] <= GeneMoves.FREE_MAX, encoding.params().get(i).name() + " " + m[i]);
            }
            assertTrue(donor != null && !donor.equals("conv1") && !donor.equals("conv2"), "a layer off the bottleneck: " + donor);
            picked.merge(donor, 1, Integer::sum);
        }
        // weights 4 : 1 : 0.06 → about 79 %, 20 %, 1 %
        assertTrue(picked.getOrDefault("fc1", 0) > 130 && picked.getOrDefault("fc2", 0) > 20 && picked.getOrDefault("fc3", 0) < 10, picked.toString());
        // no layer with slack off the bottleneck: declines, child unchanged
        Trial tight = trialWithDsps(Map.of("conv1", 1000L, "conv2", 990L, "fc1", 1000L, "fc2", 1000L, "fc3", 1000L),
                Map.of("conv1", 8L, "conv2", 8L, "fc1", 8L, "fc2", 2L, "fc3", 1L));
        DoubleSolution child = middle();
        assertFalse(moves.freeResources(child, tight, Set.of("conv1", "conv2")));
        assertEquals(0, java.util.Arrays.stream(moved(middle(), child)).filter(x -> x != 0).count());
    }

    @Test
    void theBottleneckMoveIsSeededAndTakesEachFormAboutHalfOfTheTime() {
        List<double[]> first = bottleneckMoves(42), again = bottleneckMoves(42);
        for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), again.get(i), "seeded: move " + i);
        // freeing resources leaves the bottleneck's tw.conv1 alone; raising the bottleneck always moves it
        long free = first.stream().filter(m -> m[0] == 0).count();
        assertTrue(free > 30 && free < 70, "moves that freed resources: " + free + " of 100");
    }

    /** 100 bottleneck moves from one seed (not one seed per move: java.util.Random's first draws of seeds 1, 2, 3… are alike). */
    List<double[]> bottleneckMoves(long seed) {
        Trial parentTrial = trialWithDsps(Map.of("conv1", 1000L, "conv2", 990L, "fc1", 500L, "fc2", 500L, "fc3", 100L),
                Map.of("conv1", 8L, "conv2", 8L, "fc1", 8L, "fc2", 2L, "fc3", 1L));
        DoubleSolution parent = middle();
        GeneMoves moves = new GeneMoves(encoding);
        JMetalRandom.getInstance().setSeed(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            DoubleSolution child = (DoubleSolution) parent.copy();
            assertTrue(moves.bottleneck(child, parentTrial));
            out.add(moved(parent, child));
        }
        return out;
    }

    @Test
    void aParentOverTheAccuracyLimitIsRepairedNotPushedFurther() {
        JMetalRandom.getInstance().setSeed(3);
        DoubleSolution parent = middle(), child = (DoubleSolution) parent.copy();
        assertTrue(new GeneMoves(encoding).bottleneck(child, trial(cycles(1000, 10, 10, 10, 10), 0.05)));
        for (int i = 0; i < encoding.size(); i++) {
            assertTrue(child.variables().get(i) <= parent.variables().get(i), encoding.params().get(i).name());
        }
    }

    @Test
    void withoutADesignTheBottleneckMoveDeclinesAndTheUniformMoveScalesEveryGeneAlike() {
        DoubleSolution child = middle();
        assertFalse(new GeneMoves(encoding).bottleneck(child, null));
        JMetalRandom.getInstance().setSeed(11);
        new GeneMoves(encoding).uniform(child);
        double[] lo = encoding.lower(), hi = encoding.upper();
        double first = (child.variables().get(0) - lo[0]) / (hi[0] - lo[0]);
        for (int i = 1; i < lo.length; i++) {
            assertEquals(first, (child.variables().get(i) - lo[i]) / (hi[i] - lo[i]), 1e-9, "same relative position for every gene");
        }
    }

    @Test
    void theMixIsSeededAndEachOperatorIsUsedInProportion() {
        List<double[]> a = offspring(42), b = offspring(42), c = offspring(43);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        assertFalse(java.util.Arrays.equals(a.get(0), c.get(0)) && java.util.Arrays.equals(a.get(5), c.get(5)));
        JMetalRandom.getInstance().setSeed(5);
        HardwareAwareVariation v = new HardwareAwareVariation(new Experiment.Operators(0.5, 0.5, 0), new GeneMoves(encoding),
                encoding.size(), 400);
        DoubleSolution p = middle();
        p.attributes().put(HassProblem.TRIAL, trial(cycles(1000, 10, 10, 10, 10), -0.01));
        List<DoubleSolution> pool = new ArrayList<>();
        for (int i = 0; i < 400; i++) pool.add(p);
        assertEquals(400, v.variate(pool, pool).size());
        int[] uses = v.uses();
        assertEquals(0, uses[2], "no uniform move at weight 0");
        assertTrue(uses[0] > 140 && uses[1] > 140, "about half each: " + java.util.Arrays.toString(uses));
    }

    @Test
    void theFastestGoalRanksAccuracyAboveTheLimitAsTheLimit() {
        Map<String, Direction> d = new LinkedHashMap<>();
        d.put("accuracy", Direction.MAXIMIZE);
        d.put("throughput", Direction.MAXIMIZE);
        Objectives o = new Objectives(d);
        Trial above = trial(cycles(1, 1, 1, 1, 1), -0.01), below = new Trial(0, "nsga2", 1, 0, TrialState.COMPLETE, Map.of(),
                Map.of("accuracy", 0.80, "throughput", 2.0), Map.of("accuracyDrop", 0.05), null, null, null, null, 0, 0, null);
        DoubleSolution s = middle();
        HassProblem.apply(above, s, o, 0.88);
        assertArrayEquals(new double[] {-0.88, -1.0}, s.objectives(), 1e-12);
        HassProblem.apply(below, s, o, 0.88);
        assertArrayEquals(new double[] {-0.80, -2.0}, s.objectives(), 1e-12);
        HassProblem.apply(above, s, o, Double.NaN);
        assertArrayEquals(new double[] {-0.9, -1.0}, s.objectives(), 1e-12);
    }

    List<double[]> offspring(long seed) {
        JMetalRandom.getInstance().setSeed(seed);
        HardwareAwareVariation v = new HardwareAwareVariation(Experiment.Operators.DEFAULT, new GeneMoves(encoding), encoding.size(), 8);
        List<DoubleSolution> pool = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            DoubleSolution s = middle();
            s.variables().set(0, encoding.lower()[0] + i * 0.01);
            s.attributes().put(HassProblem.TRIAL, trial(cycles(1000, 990, 500 + i, 100, 10), -0.01));
            pool.add(s);
        }
        return v.variate(pool, pool).stream().map(s -> s.variables().stream().mapToDouble(Double::doubleValue).toArray()).toList();
    }
}
