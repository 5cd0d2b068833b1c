package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.space.Encoding;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code space.ranges: "auto"}: the sensitivity scan inside the search, paid from NSGA-II's budget. */
class AutoRangesTest {
    @TempDir Path tmp;

    static Experiment experiment(Path out, int evaluations) {
        return AnalyticScorer.experiment(out.toString(), "nsga2", evaluations, 2,
                Map.of("space.ranges", "auto", "space.rangeScan.points", 3));
    }

    @Test
    void theScanIsLoggedAsNsga2TrialsPaidFromItsBudgetAndTheSearchStaysInsideTheNarrowedRanges() throws IOException {
        Experiment e = experiment(tmp.resolve("a"), 64);
        Encoding box = e.space().encoding(Architectures.spaceLayers("lenet5"));
        int scan = AutoRanges.cost(box, e.space().rangeScan());
        assertEquals(1 + 3 * box.size(), scan, "the dense model and three grid points per gene");
        SearchSummary s = AnalyticScorer.runner(e, 0).run();
        List<Trial> nsga = TrialLog.read(tmp.resolve("a").resolve(TrialLog.FILE)).stream()
                .filter(t -> "nsga2".equals(t.algorithm())).toList();
        assertEquals(64, nsga.size(), "the scan and the search share the budget exactly");
        assertEquals(scan, nsga.stream().filter(t -> t.generation() == AutoRanges.GENERATION).count());
        for (int i = 0; i < scan; i++) assertEquals(AutoRanges.GENERATION, nsga.get(i).generation(), "the scan comes first");
        Map<String, Double> highs = s.algorithms().get(0).autoRanges();
        assertNotNull(highs);
        assertTrue(highs.get("tw.conv1") < box.params().get(0).distribution().geneUpper(),
                "conv1 alone breaks the limit inside the box, so its range is cut: " + highs);
        for (Trial t : nsga.subList(scan, nsga.size())) {
            for (var p : t.params().entrySet()) {
                assertTrue(p.getValue() <= highs.get(p.getKey()) + 1e-12, "trial " + t.number() + " " + p + " above " + highs.get(p.getKey()));
            }
        }
        // resume: a cut log replays the scan and the search exactly
        Path cut = tmp.resolve("cut");
        Files.createDirectories(cut);
        byte[] bytes = Files.readAllBytes(tmp.resolve("a").resolve(TrialLog.FILE));
        Files.write(cut.resolve(TrialLog.FILE), java.util.Arrays.copyOf(bytes, bytes.length / 5));
        AnalyticScorer.runner(experiment(cut, 64), 0).run();
        SearchRunnerTest.assertSameLog(SearchRunnerTest.untimed(tmp.resolve("a").resolve(TrialLog.FILE)),
                SearchRunnerTest.untimed(cut.resolve(TrialLog.FILE)), "resumed");
    }

    @Test
    void aBudgetTheScanWouldEatIsRefusedBeforeAnythingIsLogged() {
        Experiment e = experiment(tmp.resolve("small"), 20);
        String m = assertThrows(SearchService.SearchSetupException.class, () -> AnalyticScorer.runner(e, 0).run()).getMessage();
        assertTrue(m.contains("search.evaluations") && m.contains("space.rangeScan.points"), m);
        assertTrue(!Files.exists(tmp.resolve("small").resolve(TrialLog.FILE)) || tmp.resolve("small").resolve(TrialLog.FILE).toFile().length() == 0);
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        String m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "nsga2", 64, 1,
                Map.of("space.ranges", "narrow"))).getMessage();
        assertTrue(m.contains("$.space.ranges") && m.contains("auto"), m);
        m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "uniform", 64, 1,
                Map.of("space.ranges", "auto"))).getMessage();
        assertTrue(m.contains("$.space.ranges") && m.contains("nsga2"), m);
        m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "nsga2", 64, 1,
                Map.of("space.ranges", "auto", "space.granularity", "global"))).getMessage();
        assertTrue(m.contains("per-layer"), m);
        m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "nsga2", 64, 1,
                Map.of("space.rangeScan.points", 3))).getMessage();
        assertTrue(m.contains("$.space.rangeScan"), m);
        m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "nsga2", 64, 1,
                Map.of("space.ranges", "auto", "space.rangeScan.points", 0))).getMessage();
        assertTrue(m.contains("$.space.rangeScan.points"), m);
        assertEquals(3, AnalyticScorer.experiment("x", "nsga2", 64, 1, Map.of("space.ranges", "auto")).space().rangeScan().points());
    }
}
