package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.app.SearchApp;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.search.SearchSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search's final printout shows each finalist's test accuracy next to its validation accuracy. */
class SearchSummaryLinesTest {

    @Test
    void finalistsAreListedWithTheirTestAccuracy() {
        Experiment e = Experiments.load(Path.of("experiments/quickstart.json"));
        Map<String, Double> params = Map.of("tw.conv1", 0.1);
        var ok = new SearchSummary.Finalist(7, "nsga2", params, Map.of("accuracy", 0.80, "throughput", 900.0),
                Map.of("accuracy", 0.8412, "throughput", 1234.0), Map.of("accuracyDrop", -0.01), true, 0.8275, 1.0, null);
        var infeasible = new SearchSummary.Finalist(9, "nsga2", params, Map.of("accuracy", 0.79, "throughput", 950.0),
                Map.of("accuracy", 0.70, "throughput", 1300.0), Map.of("accuracyDrop", 0.05), false, 0.6900, 1.0, null);
        var failed = new SearchSummary.Finalist(11, "greedy", params, Map.of(), null, null, null, null, 0.5, "out of memory");
        SearchSummary s = new SearchSummary("quickstart", 1, List.of("accuracy", "throughput"), null, null, List.of(),
                1, 1, 3, 0, null, List.of(ok, infeasible, failed));

        List<String> lines = SearchApp.summaryLines(s, e);
        String all = String.join("\n", lines);
        assertTrue(all.contains("finalists: 3 (dense, each algorithm's best, the feasible front) fine-tuned 50 steps, 1 still feasible"), all);
        String first = lines.stream().filter(l -> l.contains("#7 ")).findFirst().orElseThrow();
        assertTrue(first.contains("validation accuracy 0.8412") && first.contains("test accuracy 0.8275")
                && first.contains("throughput 1234 img/s") && !first.contains("infeasible"), first);
        assertTrue(lines.stream().anyMatch(l -> l.contains("#9 ") && l.contains("test accuracy 0.6900") && l.endsWith("(infeasible)")), all);
        assertEquals(1, lines.stream().filter(l -> l.contains("#11 ") && l.contains("failed: out of memory")).count(), all);
    }

    @Test
    void aScreeningSearchSaysHowMuchOfItsBudgetItSpentAndHowManyTrialsWereScreens() {
        Experiment e = Experiments.load(Path.of("experiments/quickstart.json"));
        var a = new SearchSummary.AlgorithmSummary("nsga2", 96, 196, 0, 1.0, 1000.0, List.of(1.0), List.of(), List.of(), 1, 1,
                95.5, 134, Map.of("tw.conv1", 0.1));
        SearchSummary s = new SearchSummary("quickstart", 1, List.of("accuracy", "throughput"), null, null, List.of(a),
                1, 1, 197, 0, null, null);
        String all = String.join("\n", SearchApp.summaryLines(s, e));
        assertTrue(all.contains("nsga2    95.50/96 evaluations"), all);
        assertTrue(all.contains("nsga2: 196 trials, 134 of them screens (not designs); budget spent 95.50 of 96 full evaluations"), all);
        assertTrue(all.contains("ranges after the sensitivity scan (its trials: generation -1): {tw.conv1=0.1}"), all);
    }
}
