package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.space.Distribution;
import dev.hass.space.Encoding;
import dev.hass.space.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scan's grid, its prefix rule for the suggested bound, and the space it suggests (on the analytic test function). */
class SensitivityTest {
    final Experiment e = AnalyticScorer.experiment("unused", "nsga2", 8, 1);
    final Encoding enc = e.space().encoding(Architectures.spaceLayers("lenet5"));

    @Test
    void theGridSpansTheRangeWithoutZeroAndWithoutRepeats() {
        assertEquals(List.of(0.1, 0.2, 0.3), Sensitivity.grid(Distribution.Float.stepped(0, 0.3, 0.001), 3));
        assertEquals(List.of(1.0, 2.0), Sensitivity.grid(Distribution.Float.stepped(0, 2, 1), 4), "snapped duplicates collapse");
    }

    @Test
    void theSuggestedBoundIsTheFirstPointBelowTheFloorAndNotALaterRecovery() {
        List<Sensitivity.Point> pts = List.of(new Sensitivity.Point(0.1, 0.9, 1, true), new Sensitivity.Point(0.2, 0.7, 1, false),
                new Sensitivity.Point(0.3, 0.95, 1, true));
        assertEquals(0.2, Sensitivity.suggestedHigh(pts, 0.8, Distribution.Float.stepped(0, 0.3, 0.1)));
        assertEquals(0.3, Sensitivity.suggestedHigh(List.of(pts.get(0), pts.get(2)), 0.8, Distribution.Float.stepped(0, 0.3, 0.1)),
                "all above the floor: the whole range");
    }

    @Test
    void aScanScoresEveryGridPointOnceAndCutsTheSensitiveLayersRanges() throws Exception {
        AnalyticScorer scorer = new AnalyticScorer(enc, 0.02, 0);
        Sensitivity.Result r = Sensitivity.scan("k", enc, scorer, 4, 0.02, 1.0, null);
        int gridPoints = enc.params().stream().mapToInt(p -> Sensitivity.grid(p.distribution(), 4).size()).sum();
        assertEquals(gridPoints + 1, scorer.calls, "the dense model and every grid point once");
        assertEquals(gridPoints + 1, r.evaluations());
        // the analytic function makes early layers more sensitive: conv1's weights break before fc2's
        Map<String, Double> highs = r.suggestedHighs();
        assertTrue(highs.get("tw.conv1") < highs.get("tw.fc2"), highs.toString());
        SearchSpace s = Sensitivity.suggestedSpace(e.space(), enc, r);
        assertEquals(highs.get("tw.conv1"), ((Distribution.Float) s.weightFor("conv1")).high(), 1e-12);
        assertEquals(e.space().weightThreshold(), s.weightThreshold(), "the network-wide ranges stay");
        // the suggested space is a valid space for the same layers
        assertEquals(enc.size(), s.encoding(Architectures.spaceLayers("lenet5")).size());
    }
}
