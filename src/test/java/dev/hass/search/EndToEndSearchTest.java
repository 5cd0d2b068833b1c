package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.nn.FashionMnist;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.OracleConfig;
import dev.hass.report.Reports;
import dev.hass.study.Objectives;
import dev.hass.study.Pareto;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.hass.nn.TrainedLenet5;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing, small: the shared LeNet-5 ({@link TrainedLenet5}) on a real Fashion-MNIST subset, the DJL oracle,
 * the hardware DSE on the measured histograms, NSGA-II, then a resume, then the reports (the baselines
 * share every part but the strategy, tested in SearchRunnerTest).
 */
@Tag("slow")
class EndToEndSearchTest {
    @TempDir Path tmp;

    @Test
    void tinyLenetSearchWithTheRealOracleAndDse() throws Exception {
        Path dir = FashionMnist.resolveDir(null);
        assumeTrue(Files.isRegularFile(dir.resolve(FashionMnist.FILES[0])),
                "Fashion-MNIST not installed at " + dir + " (apt-get install dataset-fashion-mnist)");
        FashionMnist full = FashionMnist.load(dir);
        FashionMnist data = new FashionMnist(full.train().head(4000), full.test().head(500), full.fingerprint(), dir);
        Path ckpt = TrainedLenet5.checkpoint(); // shared lenet5, trained once per build; read only
        int cal = 100, val = 300;

        Path out = tmp.resolve("results");
        String json = "{\"name\":\"e2e\",\"model\":{\"architecture\":\"lenet5\",\"checkpoint\":\"" + ckpt + "\"},"
                + "\"dataset\":{\"calibrationImages\":" + cal + ",\"validationImages\":" + val + ",\"testImages\":200},"
                + "\"hardware\":{\"platform\":\"u250\",\"resourceFraction\":0.02},"
                + "\"constraints\":{\"maxAccuracyDrop\":0.05},"
                + "\"search\":{\"algorithm\":\"nsga2\",\"populationSize\":4,\"evaluations\":8,\"seed\":2},"
                + "\"oracle\":{\"evaluationImages\":" + val + ",\"finalistFineTuneSteps\":10},\"output\":\"" + out + "\"}";
        Experiment e = Experiments.parse(json, "e2e.json", Map.of());
        OracleConfig cfg = new OracleConfig("lenet5", ckpt, dir, cal, val, 3, 128, 1e-3);

        SearchSummary s;
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(cfg, data)) {
            s = SearchService.run(e, oracle, List.of());
        }
        List<Trial> trials = TrialLog.read(out.resolve(TrialLog.FILE));
        assertEquals(1 + 8, trials.size());
        Trial dense = trials.get(0);
        assertEquals("dense", dense.algorithm());
        assertTrue(dense.complete(), String.valueOf(dense.error()));
        assertTrue(dense.values().get("accuracy") > 0.5, "dense accuracy " + dense.values());
        for (Trial t : trials) {
            assertTrue(t.complete(), t.number() + ": " + t.error());
            assertEquals(5, t.layers().size());
            assertNotNull(t.design());
            assertTrue(t.design().throughput() > 0);
            assertTrue(t.oracleSeconds() > 0 && t.dseSeconds() > 0);
        }
        // thresholds make weights sparse and, through the histograms, the design faster
        Trial sparsest = trials.stream().max((a, b) -> Double.compare(a.layers().get(1).weightSparsity(), b.layers().get(1).weightSparsity())).orElseThrow();
        assertTrue(sparsest.layers().get(1).weightSparsity() > 0.3, "conv2 weight sparsity " + sparsest.layers().get(1));
        assertTrue(trials.stream().anyMatch(t -> t.design().throughput() > dense.design().throughput() * 1.05),
                "no candidate speeds up the dense design " + dense.design().throughput());
        assertEquals(1, s.algorithms().size());
        assertEquals(8, s.algorithms().get(0).evaluations());
        assertNotNull(s.reference());
        // the dense model, the algorithm's best design and the feasible front are fine-tuned again (10 steps) and re-measured
        java.util.Set<Integer> expected = new java.util.TreeSet<>();
        Pareto.front(s.algorithms().get(0).front(), new Objectives(e.objectives())).forEach(t -> expected.add(t.number()));
        expected.add(dense.number());
        BestDesign.of(trials.stream().filter(t -> !"dense".equals(t.algorithm())).toList()).ifPresent(t -> expected.add(t.number()));
        assertEquals(List.copyOf(expected), s.finalists().stream().map(SearchSummary.Finalist::number).toList());
        for (SearchSummary.Finalist f : s.finalists()) {
            assertTrue(f.error() == null && f.values().get("accuracy") > 0.3, String.valueOf(f));
            // and measured on 200 images of the held-out test file (a count over 200), only here
            assertTrue(f.testAccuracy() != null && f.testAccuracy() > 0.3, String.valueOf(f));
            assertEquals(Math.rint(f.testAccuracy() * 200), f.testAccuracy() * 200, 1e-9, String.valueOf(f));
        }
        assertTrue(Files.readString(out.resolve(SearchRunner.SUMMARY)).contains("\"testAccuracy\""));
        assertFalse(Files.readString(out.resolve(TrialLog.FILE)).contains("testAccuracy"), "the trial log never sees the test file");

        // rerun: everything is replayed, nothing scored again, the same summary of trials
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(cfg, data)) {
            SearchSummary again = SearchService.run(e, oracle, List.of());
            assertEquals(0, again.scoredTrials());
            assertEquals(trials.size(), again.replayedTrials());
        }
        assertEquals(SearchRunnerTest.untimed(out.resolve(TrialLog.FILE)).size(), trials.size());

        Reports.regenerate(out);
        assertTrue(Files.exists(out.resolve("optuna-journal.log")) && Files.exists(out.resolve("summary.json")));
    }
}
