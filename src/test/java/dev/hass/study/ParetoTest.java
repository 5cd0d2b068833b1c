package dev.hass.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParetoTest {
    static final Objectives ACC_THR = new Objectives(new LinkedHashMap<>(Map.of("accuracy", Direction.MAXIMIZE, "throughput", Direction.MAXIMIZE)));

    static Trial trial(int n, double acc, double thr, double drop) {
        return new Trial(n, "nsga2", 1, 0, TrialState.COMPLETE, Map.of("tw.conv1", 0.01 * n), Map.of("accuracy", acc, "throughput", thr),
                Map.of("accuracyDrop", drop), null, null, null, null, 0, 0, null);
    }

    @Test
    void identicalPointsAreAllOnTheFrontAndOneTieForDisplay() {
        // three different designs with the same (accuracy, throughput), one other front point, one dominated, one infeasible
        List<Trial> ts = List.of(trial(0, 0.90, 1000, -0.01), trial(1, 0.88, 2000, -0.01), trial(2, 0.88, 2000, -0.01),
                trial(3, 0.87, 1500, -0.01), trial(4, 0.88, 2000, -0.01), trial(5, 0.95, 9000, 0.02));
        List<Trial> front = Pareto.front(ts, ACC_THR);
        assertEquals(List.of(0, 1, 2, 4), front.stream().map(Trial::number).toList(), "ties are kept in the data");
        List<Pareto.Tie> shown = Pareto.ties(front, ACC_THR);
        assertEquals(2, shown.size(), "ties collapse for display");
        assertEquals(List.of(0), shown.get(0).trials().stream().map(Trial::number).toList());
        assertEquals(List.of(1, 2, 4), shown.get(1).trials().stream().map(Trial::number).toList());
        assertEquals(1, shown.get(1).first().number());
        assertEquals(Map.of("accuracy", 0.88, "throughput", 2000.0), shown.get(1).values());
    }
}
