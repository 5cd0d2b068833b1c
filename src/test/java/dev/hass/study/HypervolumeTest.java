package dev.hass.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HypervolumeTest {
    @Test
    void staircaseOfThreePointsInTwoDimensions() {
        // boxes to ref (4,4): [1,4]x[3,4]=3, plus [2,4]x[2,3]=2, plus [3,4]x[1,2]=1
        double hv = Hypervolume.of(List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1}), new double[] {4, 4});
        assertEquals(6.0, hv, 1e-12);
    }

    @Test
    void dominatedDuplicateAndOutsidePointsAddNothing() {
        List<double[]> base = List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1});
        double hv = Hypervolume.of(List.of(base.get(0), base.get(1), base.get(2), new double[] {2.5, 2.5},
                new double[] {2, 2}, new double[] {5, 0}, new double[] {0, 4}), new double[] {4, 4});
        assertEquals(6.0, hv, 1e-12);
    }

    @Test
    void unorderedInputAndNonIntegerValues() {
        // (0.5,1.5) & (1.25,0.25) to (2,2): 1.5*0.5 + 0.75*1.25 = 0.75 + 0.9375
        double hv = Hypervolume.of(List.of(new double[] {1.25, 0.25}, new double[] {0.5, 1.5}), new double[] {2, 2});
        assertEquals(1.6875, hv, 1e-12);
    }

    @Test
    void threeDimensionsByInclusionExclusion() {
        // boxes [0,2]x[0,2]x[1,2] (4) and [1,2]x[1,2]x[0,2] (2) overlap in [1,2]^3 (1): 5
        double hv = Hypervolume.of(List.of(new double[] {0, 0, 1}, new double[] {1, 1, 0}), new double[] {2, 2, 2});
        assertEquals(5.0, hv, 1e-12);
        assertEquals(6.0, Hypervolume.of(List.of(new double[] {0, 0, 0}), new double[] {1, 2, 3}), 1e-12);
    }

    @Test
    void emptySetIsZero() {
        assertEquals(0.0, Hypervolume.of(List.of(), new double[] {1, 1}));
    }

    /** The union of the boxes [ref, p] of maximised 2-D points, cell by cell over the grid of all coordinates: slow but obviously right. */
    static double bruteForce(List<double[]> pts, double ra, double rt) {
        TreeSet<Double> as = new TreeSet<>(List.of(ra)), ts = new TreeSet<>(List.of(rt));
        for (double[] p : pts) {
            as.add(Math.max(ra, p[0]));
            ts.add(Math.max(rt, p[1]));
        }
        List<Double> a = new ArrayList<>(as), t = new ArrayList<>(ts);
        double area = 0;
        for (int i = 0; i + 1 < a.size(); i++) {
            for (int j = 0; j + 1 < t.size(); j++) {
                double ca = (a.get(i) + a.get(i + 1)) / 2, ct = (t.get(j) + t.get(j + 1)) / 2;
                if (pts.stream().anyMatch(p -> p[0] >= ca && p[1] >= ct)) area += (a.get(i + 1) - a.get(i)) * (t.get(j + 1) - t.get(j));
            }
        }
        return area;
    }

    static final Objectives ACC_THR = new Objectives(new LinkedHashMap<>(Map.of("accuracy", Direction.MAXIMIZE, "throughput", Direction.MAXIMIZE)));

    static Trial trial(int n, String alg, double acc, double thr, double drop) {
        return new Trial(n, alg, 1, 0, TrialState.COMPLETE, Map.of(), Map.of("accuracy", acc, "throughput", thr),
                Map.of("accuracyDrop", drop), null, null, null, null, 0, 0, null);
    }

    @Test
    void maximisedPointsAgreeWithTheCellByCellUnionOnRandomFronts() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<double[]> pts = new ArrayList<>();
            int n = rnd.nextInt(12);
            for (int i = 0; i < n; i++) pts.add(new double[] {rnd.nextDouble(), 1000 * rnd.nextDouble()});
            double ra = round % 2 == 0 ? 0 : 0.3, rt = round % 3 == 0 ? 0 : 200;
            List<double[]> minimised = pts.stream().map(p -> new double[] {-p[0], -p[1]}).toList();
            assertEquals(bruteForce(pts, ra, rt), Hypervolume.of(minimised, new double[] {-ra, -rt}), 1e-9, "round " + round);
        }
    }

    @Test
    void onlyUsableTrialsCountAndEachPolicyNamesItsPoint() {
        Trial dense = trial(0, "dense", 0.92, 500, 0.0);
        List<Trial> ts = List.of(dense, trial(1, "nsga2", 0.90, 1000, -0.01), trial(2, "nsga2", 0.95, 5000, 0.01),   // infeasible
                trial(3, "nsga2", Double.NaN, 9000, -0.01));                                                        // not finite
        Hypervolume.Reference origin = Hypervolume.Reference.origin(ACC_THR);
        assertEquals(0.92 * 500 + 0.90 * 500, Hypervolume.of(ts, ACC_THR, origin), 1e-9);
        Hypervolume.Reference d = Hypervolume.Reference.dense(dense, ACC_THR, 0.02);
        assertEquals(Hypervolume.Policy.DENSE, d.policy());
        assertEquals(Map.of("accuracy", 0.92 - 0.02, "throughput", 500.0), d.point());
        assertEquals((0.90 - 0.90) * 500, Hypervolume.of(ts, ACC_THR, d), 1e-12, "trial 1 sits on the accuracy floor");
        Hypervolume.Reference nadir = Hypervolume.Reference.nadir(ts, ACC_THR);
        assertEquals(Map.of("accuracy", 0.90, "throughput", 500.0), nadir.point());
        assertNull(Hypervolume.Reference.dense(new Trial(0, "dense", 1, 0, TrialState.FAIL, null, null, null, null, null, null, null, 0, 0, "crashed"), ACC_THR, 0.02));
        String printed = Hypervolume.format(843.6514, Hypervolume.Policy.DENSE);
        assertEquals("843.651 (reference: dense)", printed);
        assertEquals("0", Hypervolume.number(0));
        assertEquals("1200", Hypervolume.number(1200));
        assertEquals("0.0860308", Hypervolume.number(0.08603084));
    }
}
