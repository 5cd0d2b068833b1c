package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.space.Encoding;
import dev.hass.study.Hypervolume;
import dev.hass.study.Objectives;
import dev.hass.study.Pareto;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NSGA-II's multi-fidelity screening ({@code search.fidelity}): budget, which trials count, replay. */
class MultiFidelityTest {
    @TempDir Path tmp;

    /** 200 + 100 images per screen against 1000 + 1000 per full evaluation: a screen costs 0.15. */
    static Experiment experiment(Path out, int evaluations, long seed) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("oracle.evaluationImages", 1000);
        o.put("oracle.histogramImages", 1000);
        o.put("search.fidelity.screenImages", 200);
        o.put("search.fidelity.screenHistogramImages", 100);
        o.put("search.fidelity.promote", 0.25);
        return AnalyticScorer.experiment(out.toString(), "nsga2", evaluations, seed, o);
    }

    /**
     * The screens' test function: the analytic one with a deterministic accuracy error of up to ±3 points per
     * candidate, as a few hundred images would give, so a screen can look better than its candidate is.
     */
    static Scorer noisy(Encoding enc) {
        AnalyticScorer exact = new AnalyticScorer(enc, 0.02, 0);
        return params -> {
            Score s = exact.score(params);
            double e = 0.03 * (Math.floorMod(enc.key(params).hashCode(), 2001) - 1000) / 1000.0;
            Map<String, Double> m = new HashMap<>(s.metrics()), c = new HashMap<>(s.constraints());
            m.put("accuracy", m.get("accuracy") + e);
            c.put("accuracyDrop", c.get("accuracyDrop") - e);
            return new Score(m, c, s.layers(), s.design(), s.oracleSeconds(), s.dseSeconds(), null);
        };
    }

    static SearchRunner runner(Experiment e) {
        Encoding enc = e.space().encoding(Architectures.spaceLayers(e.model().architecture()));
        return AnalyticScorer.runner(e, 0).screening(noisy(enc));
    }

    /** The log with timings blanked (fidelity kept): what two runs of one seed must share. */
    static List<String> untimed(Path log) throws IOException {
        return TrialLog.read(log).stream().map(t -> new Trial(t.number(), t.algorithm(), t.seed(), t.generation(), t.state(),
                t.params(), t.values(), t.constraints(), t.layers(), t.design(), null, null, 0, 0, t.error(), t.fidelity()))
                .map(TrialLog::toJson).toList();
    }

    @Test
    void screensCostTheirShareOfTheBudgetAndOnlyPromotedChildrenAreMeasured() throws IOException {
        Experiment e = experiment(tmp.resolve("mf"), 64, 3);
        Trial.Fidelity screen = ScreenedEvaluation.screenLevel(e);
        assertEquals(0.15, screen.cost(), 1e-12);
        SearchSummary s = runner(e).run();
        List<Trial> trials = TrialLog.read(tmp.resolve("mf").resolve(TrialLog.FILE));
        List<Trial> nsga = trials.stream().filter(t -> "nsga2".equals(t.algorithm())).toList();
        for (Trial t : trials) assertNotNull(t.fidelity(), "every trial of a screening search records its fidelity: " + t.number());
        List<Trial> screens = nsga.stream().filter(t -> !t.fullFidelity()).toList();
        List<Trial> full = nsga.stream().filter(Trial::fullFidelity).toList();
        assertFalse(screens.isEmpty());
        for (Trial t : screens) {
            assertEquals(screen, t.fidelity());
            assertTrue(t.generation() >= 1, "generation 0 (the warm start) is measured at full fidelity");
        }
        double spent = nsga.stream().mapToDouble(Trial::cost).sum();
        assertEquals(full.size() + 0.15 * screens.size(), spent, 1e-9);
        assertTrue(spent <= 64 + 1e-9 && spent > 63, "the budget is spent in full evaluations, to within one: " + spent);
        SearchSummary.AlgorithmSummary a = s.algorithms().get(0);
        assertEquals(spent, a.spent(), 1e-9);
        assertEquals(screens.size(), a.screens());
        assertEquals(nsga.size(), a.evaluations());
        // more candidates looked at than a full-fidelity search of the same budget could
        assertTrue(nsga.size() > 64, "screening looks at more candidates: " + nsga.size());
        // every full trial after generation 0 is a promoted screen of the same candidate (successive halving)
        for (Trial t : full) {
            if (t.generation() == 0) continue;
            assertTrue(screens.stream().anyMatch(x -> x.params().equals(t.params()) && x.number() < t.number()),
                    "full trial " + t.number() + " was screened first");
        }
        // at most ⌈promote × children⌉ plus front entrants are promoted: never all screens
        assertTrue(full.stream().filter(t -> t.generation() > 0).count() < screens.size());
        // the summary's front and best design are full-fidelity trials
        for (Trial t : a.front()) assertTrue(t.fullFidelity(), "front trial " + t.number());
        Trial best = BestDesign.of(nsga).orElseThrow();
        assertTrue(best.fullFidelity());
    }

    @Test
    void frontsHypervolumesAndBestDesignsIgnoreScreensEvenWhenTheyLookBetter() {
        Objectives o = new Objectives(AnalyticScorer.experiment("x", "nsga2", 8, 1).objectives());
        Trial measured = trial(1, 0.88, 100, null);
        Trial screen = trial(2, 0.90, 200, new Trial.Fidelity(Trial.Fidelity.SCREEN, 100, 100, 0, 0.1));
        Trial promoted = trial(3, 0.87, 190, new Trial.Fidelity(Trial.Fidelity.FULL, 1000, 1000, 0, 1));
        List<Trial> all = List.of(measured, screen, promoted);
        assertTrue(screen.feasible() && !screen.counts() && promoted.counts() && measured.counts());
        assertEquals(List.of(1, 3), Pareto.front(all, o).stream().map(Trial::number).toList());
        assertEquals(3, BestDesign.of(all).orElseThrow().number());
        Hypervolume.Reference ref = Hypervolume.Reference.origin(o);
        assertEquals(Hypervolume.of(List.of(measured, promoted), o, ref), Hypervolume.of(all, o, ref), 1e-12);
        assertTrue(Hypervolume.of(List.of(screen), o, ref) == 0, "a screen alone has no hypervolume");
        assertEquals(0.1, screen.cost());
        assertEquals(1.0, measured.cost());
    }

    private static Trial trial(int n, double accuracy, double throughput, Trial.Fidelity f) {
        return new Trial(n, "nsga2", 1, 1, dev.hass.study.TrialState.COMPLETE, Map.of("tw", 0.1 * n),
                Map.of("accuracy", accuracy, "throughput", throughput), Map.of("accuracyDrop", -0.01, "resources", -0.5),
                null, null, null, null, 0, 0, null, f);
    }

    @Test
    void aSeededScreeningRunReproducesAndResumesFromATruncatedLog() throws IOException {
        runner(experiment(tmp.resolve("a"), 48, 5)).run();
        runner(experiment(tmp.resolve("b"), 48, 5)).run();
        List<String> expected = untimed(tmp.resolve("a").resolve(TrialLog.FILE));
        SearchRunnerTest.assertSameLog(expected, untimed(tmp.resolve("b").resolve(TrialLog.FILE)), "same seed");
        assertTrue(expected.stream().anyMatch(l -> l.contains("\"level\":\"screen\"")));
        byte[] bytes = Files.readAllBytes(tmp.resolve("a").resolve(TrialLog.FILE));
        for (double cut : new double[] {0.2, 0.5, 0.83}) {
            Path dir = tmp.resolve("cut" + cut);
            Files.createDirectories(dir);
            Files.write(dir.resolve(TrialLog.FILE), java.util.Arrays.copyOf(bytes, (int) (bytes.length * cut)));
            int kept = TrialLog.read(dir.resolve(TrialLog.FILE)).size();
            SearchSummary s = runner(experiment(dir, 48, 5)).run();
            SearchRunnerTest.assertSameLog(expected, untimed(dir.resolve(TrialLog.FILE)), "cut at " + cut);
            assertEquals(kept, s.replayedTrials(), "every logged trial is replayed, cut at " + cut);
            assertEquals(expected.size() - kept, s.scoredTrials(), "only the missing ones are scored, cut at " + cut);
        }
        // without the screener a screening experiment is refused, not silently run at one fidelity
        Experiment e = experiment(tmp.resolve("c"), 48, 5);
        assertThrows(IllegalStateException.class, () -> AnalyticScorer.runner(e, 0).run());
    }

    @Test
    void theFidelityBlockIsCheckedAndOffByDefault() {
        assertNull(AnalyticScorer.experiment("x", "nsga2", 8, 1).search().fidelity());
        Experiment d = AnalyticScorer.experiment("x", "nsga2", 8, 1, Map.of("search.fidelity", Map.of(),
                "oracle.evaluationImages", 400, "oracle.histogramImages", 800));
        assertEquals(new Experiment.Screening(100, 200, 0.25), d.search().fidelity());
        assertEquals(0.25, ScreenedEvaluation.screenLevel(d).cost(), 1e-12);
        // experiment.json (every default written out) reads back as the same experiment, auto ranges included
        Experiment both = AnalyticScorer.experiment("x", "nsga2", 64, 1, Map.of("search.fidelity", Map.of(), "space.ranges", "auto"));
        assertEquals(both, dev.hass.experiment.Experiments.parse(dev.hass.experiment.Experiments.toJson(both), "experiment.json", Map.of()));
        assertEquals(d, dev.hass.experiment.Experiments.parse(dev.hass.experiment.Experiments.toJson(d), "experiment.json", Map.of()));
        String m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "nsga2", 8, 1,
                Map.of("search.fidelity.promote", 0))).getMessage();
        assertTrue(m.contains("$.search.fidelity.promote"), m);
        m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "uniform", 8, 1,
                Map.of("search.fidelity", Map.of()))).getMessage();
        assertTrue(m.contains("$.search.fidelity") && m.contains("nsga2"), m);
        m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "nsga2", 8, 1,
                Map.of("oracle.evaluationImages", 400, "search.fidelity.screenImages", 401))).getMessage();
        assertTrue(m.contains("$.search.fidelity.screenImages"), m);
        m = assertThrows(ExperimentException.class, () -> AnalyticScorer.experiment("x", "nsga2", 8, 1,
                Map.of("oracle.evaluationImages", 400, "oracle.histogramImages", 400, "search.fidelity.screenImages", 400,
                        "search.fidelity.screenHistogramImages", 400))).getMessage();
        assertTrue(m.contains("fewer images"), m);
    }
}
