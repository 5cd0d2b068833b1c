package dev.hass.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
}
