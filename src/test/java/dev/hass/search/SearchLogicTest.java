package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hass.space.Distribution;
import dev.hass.study.Direction;
import dev.hass.study.Hypervolume;
import dev.hass.study.Objectives;
import dev.hass.study.Pareto;
import dev.hass.study.Trial;
import dev.hass.study.TrialState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.uma.jmetal.solution.doublesolution.impl.DefaultDoubleSolution;
import org.uma.jmetal.util.ConstraintHandling;
import org.uma.jmetal.util.bounds.Bounds;

class SearchLogicTest {

    static Trial trial(String state, Map<String, Double> values, Map<String, Double> constraints, double throughput) {
        Trial.DesignSummary d = new Trial.DesignSummary("b", throughput, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "x", 1, true);
        return new Trial(0, "nsga2", 1, 0, TrialState.valueOf(state), Map.of(), values, constraints, null, d, null, null, 0, 0, null);
    }

    static Map<String, Double> ordered(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Double) kv[i + 1]);
        return m;
    }

    @Test
    void directionsBecomeMinimisationInOnePlace() {
        Map<String, Direction> d = new LinkedHashMap<>();
        d.put("accuracy", Direction.MAXIMIZE);
        d.put("latency", Direction.MINIMIZE);
        Objectives o = new Objectives(d);
        assertArrayEquals(new double[] {-0.9, 0.002}, o.minimised(trial("COMPLETE", ordered("accuracy", 0.9, "latency", 0.002), Map.of(), 1)));
        assertEquals(0.9, o.external("accuracy", o.minimised("accuracy", 0.9)));
        assertArrayEquals(new double[] {Objectives.FAILED, Objectives.FAILED}, o.minimised(trial("FAIL", null, null, 0)));
    }

    @Test
    void constraintsGoToJmetalWithItsSignAndOverwriteInheritedDegrees() {
        DefaultDoubleSolution s = new DefaultDoubleSolution(List.of(Bounds.create(0.0, 1.0)), 2, 2);
        // a child copied from an infeasible parent carries the parent's cached degree: it must be replaced
        ConstraintHandling.overallConstraintViolationDegree(s, -5.0);
        Objectives o = new Objectives(Map.of("accuracy", Direction.MAXIMIZE));
        HassProblem.apply(trial("COMPLETE", Map.of("accuracy", 0.9), ordered("accuracyDrop", -0.01, "resources", 0.2), 1), s, o, Double.NaN);
        assertArrayEquals(new double[] {0.01, -0.2}, s.constraints(), 1e-15);
        assertEquals(-0.2, ConstraintHandling.overallConstraintViolationDegree(s), 1e-15);
        assertEquals(1, ConstraintHandling.numberOfViolatedConstraints(s));
        HassProblem.apply(trial("COMPLETE", Map.of("accuracy", 0.9), ordered("accuracyDrop", -0.01, "resources", -0.2), 1), s, o, Double.NaN);
        assertEquals(0, ConstraintHandling.numberOfViolatedConstraints(s));
        assertEquals(-0.9, s.objectives()[0]);
    }

    @Test
    void hypervolumeOfKnownFronts() {
        double[] ref = {1, 1};
        assertEquals(0.0, Hypervolume.of(List.of(), ref));
        assertEquals(0.25, Hypervolume.of(List.of(new double[] {0.5, 0.5}), ref), 1e-12);
        // two boxes 0.75×0.25 and 0.25×0.75 overlapping in 0.25×0.25
        assertEquals(0.3125, Hypervolume.of(List.of(new double[] {0.25, 0.75}, new double[] {0.75, 0.25}), ref), 1e-12);
        // dominated and outside points add nothing
        assertEquals(0.3125, Hypervolume.of(List.of(new double[] {0.25, 0.75}, new double[] {0.75, 0.25},
                new double[] {0.8, 0.8}, new double[] {1.5, 0.1}), ref), 1e-12);
        // 3-D: unit cube corner boxes
        assertEquals(0.125 + 0.75 * 0.25 * 0.5 - 0.5 * 0.25 * 0.5,
                Hypervolume.of(List.of(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.75, 0.5}), new double[] {1, 1, 1}), 1e-12);
        assertEquals(0.5 * 0.5 * 0.5, Hypervolume.of(List.of(new double[] {0.5, 0.5, 0.5}), new double[] {1, 1, 1}), 1e-12);
    }

    @Test
    void greedyKeepsTheSmallerAccuracyLossPerThroughputGain() {
        Trial cur = trial("COMPLETE", Map.of("accuracy", 0.90), Map.of(), 1000);
        Trial w = trial("COMPLETE", Map.of("accuracy", 0.89), Map.of(), 1100);     // 0.01 / 100
        Trial a = trial("COMPLETE", Map.of("accuracy", 0.895), Map.of(), 1020);    // 0.005 / 20: worse ratio
        assertEquals(1, GreedyStrategy.choose(cur, w, a));
        Trial a2 = trial("COMPLETE", Map.of("accuracy", 0.899), Map.of(), 1050);   // 0.001 / 50: better
        assertEquals(2, GreedyStrategy.choose(cur, w, a2));
        Trial noGain = trial("COMPLETE", Map.of("accuracy", 0.9), Map.of(), 1000);
        assertEquals(1, GreedyStrategy.choose(cur, w, noGain));
        assertEquals(2, GreedyStrategy.choose(cur, trial("FAIL", null, null, 0), a));
        assertEquals(0, GreedyStrategy.choose(cur, null, null));
        // steps: the distribution's step; continuous ranges in 1 % of the range; null at the top
        assertEquals(0.001, GreedyStrategy.up(Distribution.Float.stepped(0, 0.3, 0.001), 0.0));
        assertEquals(0.3, GreedyStrategy.up(Distribution.Float.stepped(0, 0.3, 0.001), 0.299));
        assertNull(GreedyStrategy.up(Distribution.Float.stepped(0, 0.3, 0.001), 0.3));
        assertEquals(0.02, GreedyStrategy.up(Distribution.Float.uniform(0, 2), 0.0), 1e-12);
        assertEquals(0.5, GreedyStrategy.up(new Distribution.Categorical(List.of(0.0, 0.5, 0.1)), 0.1));
    }

    @Test
    void uniformSweepsTheSquareAlongHalton() {
        assertEquals(List.of(0.0, 0.5, 0.25, 0.75, 0.125), List.of(UniformStrategy.halton(0, 2), UniformStrategy.halton(1, 2),
                UniformStrategy.halton(2, 2), UniformStrategy.halton(3, 2), UniformStrategy.halton(4, 2)));
        assertEquals(1.0 / 3, UniformStrategy.halton(1, 3), 1e-15);
        assertEquals(0.15, UniformStrategy.at(Distribution.Float.stepped(0, 0.3, 0.001), 0.5));
        assertEquals(0.038, UniformStrategy.at(Distribution.Float.stepped(0, 0.3, 0.001), 0.125));   // 0.0375 rounds up
    }

    @Test
    void paretoKeepsFeasibleNonDominated() {
        Objectives o = new Objectives(ordered2());
        Trial a = trial("COMPLETE", ordered("accuracy", 0.9, "throughput", 100.0), ordered("accuracyDrop", -0.01), 100);
        Trial b = trial("COMPLETE", ordered("accuracy", 0.8, "throughput", 200.0), ordered("accuracyDrop", -0.01), 200);
        Trial c = trial("COMPLETE", ordered("accuracy", 0.7, "throughput", 150.0), ordered("accuracyDrop", -0.01), 150);
        Trial infeasible = trial("COMPLETE", ordered("accuracy", 0.95, "throughput", 900.0), ordered("accuracyDrop", 0.01), 900);
        assertEquals(List.of(a, b), Pareto.front(List.of(a, b, c, infeasible, trial("FAIL", null, null, 0)), o));
    }

    static Map<String, Direction> ordered2() {
        Map<String, Direction> d = new LinkedHashMap<>();
        d.put("accuracy", Direction.MAXIMIZE);
        d.put("throughput", Direction.MAXIMIZE);
        return d;
    }
}
