package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.experiment.Experiment;
import dev.hass.study.Objectives;
import dev.hass.study.Pareto;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchRunnerTest {
    @TempDir Path tmp;

    /** The log without its timing fields: what must be identical between runs. */
    static List<String> untimed(Path log) throws IOException {
        return TrialLog.read(log).stream().map(t -> new Trial(t.number(), t.algorithm(), t.seed(), t.generation(), t.state(),
                t.params(), t.values(), t.constraints(), t.layers(), t.design(), null, null, 0, 0, t.error()))
                .map(TrialLog::toJson).toList();
    }

    /** Equal logs, or a message naming the first line that differs (the whole logs are too long to read). */
    static void assertSameLog(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError(what + ": line " + (i + 1) + " differs\nexpected " + expected.get(i) + "\nactual   " + actual.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": number of trials");
    }

    static void assertResumeInvariants(List<Trial> trials, Map<String, Integer> budgets) {
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < trials.size(); i++) assertEquals(i, trials.get(i).number(), "numbers are consecutive");
        Map<String, List<Trial>> byAlg = trials.stream().collect(Collectors.groupingBy(Trial::algorithm));
        for (var e : budgets.entrySet()) assertEquals(e.getValue(), byAlg.getOrDefault(e.getKey(), List.of()).size(), e.getKey());
        for (var e : byAlg.entrySet()) {
            Set<Map<String, Double>> seen = new HashSet<>();
            for (Trial t : e.getValue()) assertTrue(seen.add(t.params()), "repeated candidate in " + e.getKey() + ": " + t.params());
        }
        for (Trial t : trials) numbers.add(t.number());
        assertEquals(trials.size(), numbers.size());
    }

    @Test
    void sameSeedGivesIdenticalTrialsAndEveryAlgorithmUsesExactlyItsBudget() throws IOException {
        Experiment a = AnalyticScorer.experiment(tmp.resolve("a").toString(), "all", 24, 3);
        SearchSummary sa = AnalyticScorer.runner(a, 0).run();
        Experiment b = AnalyticScorer.experiment(tmp.resolve("b").toString(), "all", 24, 3);
        AnalyticScorer.runner(b, 0).run();
        List<String> la = untimed(tmp.resolve("a/trials.jsonl"));
        assertEquals(la, untimed(tmp.resolve("b/trials.jsonl")));
        List<Trial> trials = TrialLog.read(tmp.resolve("a/trials.jsonl"));
        // greedy stops at the accuracy constraint, the others use their budget exactly
        Map<String, Long> counts = trials.stream().collect(Collectors.groupingBy(Trial::algorithm, Collectors.counting()));
        assertEquals(1L, counts.get("dense"));
        assertEquals(24L, counts.get("nsga2"));
        assertEquals(24L, counts.get("uniform"));
        assertEquals(24L, counts.get("random"));
        assertTrue(counts.get("greedy") <= 24L);
        assertEquals(4, sa.algorithms().size());
        for (SearchSummary.AlgorithmSummary s : sa.algorithms()) {
            assertTrue(s.hypervolume() != null && s.hypervolume() >= 0, s.algorithm());
            assertFalse(s.hypervolumes().isEmpty());
            // hypervolume over a growing set of trials never decreases
            for (int i = 1; i < s.hypervolumes().size(); i++) assertTrue(s.hypervolumes().get(i) >= s.hypervolumes().get(i - 1) - 1e-12);
            assertEquals(s.hypervolume(), s.hypervolumes().get(s.hypervolumes().size() - 1));
        }
        assertNotNull(sa.reference());
        assertEquals(null, sa.finalists());
        // finalists: the dense model, each algorithm's best design and the feasible front of all algorithms, scored again
        // (here by the same test function), in trial order
        Experiment f = AnalyticScorer.experiment(tmp.resolve("fin").toString(), "greedy", 24, 3);
        SearchRunner fr = AnalyticScorer.runner(f, 0);
        var enc = f.space().encoding(dev.hass.experiment.Architectures.spaceLayers("lenet5"));
        SearchSummary withFinalists = fr.finalists(new AnalyticScorer(enc, 0.02, 0)).run();
        List<Trial> front = Pareto.front(withFinalists.algorithms().get(0).front(), new Objectives(f.objectives()));
        java.util.TreeSet<Integer> expected = new java.util.TreeSet<>(front.stream().map(Trial::number).toList());
        expected.add(withFinalists.dense().number());
        List<Trial> greedyTrials = TrialLog.read(tmp.resolve("fin").resolve(TrialLog.FILE)).stream()
                .filter(t -> "greedy".equals(t.algorithm())).toList();
        Trial best = BestDesign.of(greedyTrials).orElseThrow();
        expected.add(best.number());
        assertEquals(List.copyOf(expected), withFinalists.finalists().stream().map(SearchSummary.Finalist::number).toList());
        // without the front: the dense model and the algorithm's best design only
        Experiment g = AnalyticScorer.experiment(tmp.resolve("best").toString(), "greedy", 24, 3);
        SearchSummary bestOnly = AnalyticScorer.runner(g, 0).finalists(new AnalyticScorer(enc, 0.02, 0), false).run();
        assertEquals(List.of(bestOnly.dense().number(), best.number()),
                bestOnly.finalists().stream().map(SearchSummary.Finalist::number).toList());
        assertTrue(withFinalists.finalists().size() >= 1);
        for (SearchSummary.Finalist x : withFinalists.finalists()) assertEquals(x.searchValues(), x.values());
        assertEquals(AnalyticScorer.DENSE_ACCURACY - 0.02, sa.reference().get("accuracy"), 1e-12);
        assertTrue(Files.exists(tmp.resolve("a/experiment.json")) && Files.exists(tmp.resolve("a/space.json"))
                && Files.exists(tmp.resolve("a/search-summary.json")));
        assertTrue(Files.readString(tmp.resolve("a/space.json")).contains("\"tw.conv1\" : {\n    \"name\" : \"FloatDistribution\""));
        // a different seed gives different trials
        Experiment c = AnalyticScorer.experiment(tmp.resolve("c").toString(), "nsga2", 24, 4);
        AnalyticScorer.runner(c, 0).run();
        assertFalse(untimed(tmp.resolve("c/trials.jsonl")).subList(1, 9).equals(la.subList(1, 9)));
    }

    @Test
    void nsga2WarmStartScoresTheUniformSweepsFirstPointsAndKeepsTheirBestAsItsPopulation() throws IOException {
        Experiment u = AnalyticScorer.experiment(tmp.resolve("u").toString(), "uniform", 40, 3);
        SearchSummary us = AnalyticScorer.runner(u, 0).run();
        Experiment n = AnalyticScorer.experiment(tmp.resolve("n").toString(), "nsga2", 40, 3, Map.of("search.warmStart", 0.25));
        SearchSummary ns = AnalyticScorer.runner(n, 0).run();
        List<Trial> uniform = TrialLog.read(tmp.resolve("u/trials.jsonl")).stream().filter(t -> "uniform".equals(t.algorithm())).toList();
        List<Trial> nsga = TrialLog.read(tmp.resolve("n/trials.jsonl")).stream().filter(t -> "nsga2".equals(t.algorithm())).toList();
        assertEquals(40, nsga.size(), "the sweep counts in the budget");
        // generation 0 = the first ⌈0.25 × 40⌉ = 10 points of the very sweep uniform makes
        List<Trial> gen0 = nsga.stream().filter(t -> t.generation() == 0).toList();
        assertEquals(uniform.subList(0, 10).stream().map(Trial::params).toList(), gen0.stream().map(Trial::params).toList());
        // so NSGA-II is never below a uniform sweep of that size
        double sweepBest = gen0.stream().filter(Trial::feasible).mapToDouble(t -> t.values().get("throughput")).max().orElseThrow();
        double best = nsga.stream().filter(Trial::feasible).mapToDouble(t -> t.values().get("throughput")).max().orElseThrow();
        assertTrue(best >= sweepBest, best + " < " + sweepBest);
        assertTrue(us.algorithms().get(0).evaluations() == 40 && ns.algorithms().get(0).evaluations() == 40);
    }

    @Test
    void nsga2WithoutWarmStartStartsFromTheSweepsFirstPointsAndALadderOfPerLayerScales() throws IOException {
        Experiment u = AnalyticScorer.experiment(tmp.resolve("u").toString(), "uniform", 8, 3);
        AnalyticScorer.runner(u, 0).run();
        Experiment n = AnalyticScorer.experiment(tmp.resolve("n").toString(), "nsga2", 8, 3, Map.of("search.warmStart", 0));
        AnalyticScorer.runner(n, 0).run();
        List<Map<String, Double>> sweep = TrialLog.read(tmp.resolve("u/trials.jsonl")).stream()
                .filter(t -> "uniform".equals(t.algorithm())).map(Trial::params).toList();
        List<Map<String, Double>> first = TrialLog.read(tmp.resolve("n/trials.jsonl")).stream()
                .filter(t -> "nsga2".equals(t.algorithm()) && t.generation() == 0).map(Trial::params).toList();
        assertEquals(8, first.size(), "population 8");
        // half of the first generation: the sweep's points 1..4 (point 0 is the dense corner)
        assertEquals(sweep.subList(1, 5), first.subList(0, 4));
        // the other half differ between layers
        for (Map<String, Double> p : first.subList(4, 8)) {
            long distinct = p.entrySet().stream().filter(e -> e.getKey().startsWith("tw.")).map(Map.Entry::getValue).distinct().count();
            assertTrue(distinct > 1, "per-layer weight thresholds: " + p);
        }
    }

    @Test
    void resumeFromATruncatedLogRepeatsNothingAndLosesNothing() throws IOException {
        Experiment full = AnalyticScorer.experiment(tmp.resolve("full").toString(), "all", 20, 5);
        AnalyticScorer.runner(full, 0).run();
        Path fullLog = tmp.resolve("full/trials.jsonl");
        List<String> expected = untimed(fullLog);
        byte[] bytes = Files.readAllBytes(fullLog);
        for (double cut : new double[] {0.0, 0.01, 0.3, 0.55, 0.97}) {
            Path dir = tmp.resolve("cut" + cut);
            Files.createDirectories(dir);
            int n = (int) (bytes.length * cut);   // mid-line: a torn last write
            Files.write(dir.resolve("trials.jsonl"), java.util.Arrays.copyOf(bytes, n));
            int kept = TrialLog.read(dir.resolve("trials.jsonl")).size();
            Experiment e = AnalyticScorer.experiment(dir.toString(), "all", 20, 5);
            SearchRunner r = AnalyticScorer.runner(e, 0);
            SearchSummary s = r.run();
            assertSameLog(expected, untimed(dir.resolve("trials.jsonl")), "cut at " + cut);
            assertEquals(kept, s.replayedTrials(), "every logged trial is replayed, cut at " + cut);
            assertEquals(expected.size() - kept, s.scoredTrials(), "only the missing ones are scored, cut at " + cut);
            assertEquals(StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("trials.jsonl")))).toString()
                    .lines().count(), expected.size());
        }
        assertResumeInvariants(TrialLog.read(fullLog), Map.of("dense", 1, "nsga2", 20, "uniform", 20, "random", 20));
        // a rerun of a finished experiment scores nothing
        SearchSummary again = AnalyticScorer.runner(full, 0).run();
        assertEquals(0, again.scoredTrials());
        assertEquals(expected, untimed(fullLog));
    }

    @Test
    void aLogFromAnotherExperimentIsRefusedNotMixedIn() throws IOException {
        Path dir = tmp.resolve("x");
        AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 10, 1), 0).run();
        Map<String, byte[]> before = folder(dir);
        Experiment other = dev.hass.experiment.Experiments.parse("{\"name\":\"analytic\",\"model\":{\"architecture\":\"lenet5\"},"
                + "\"space\":{\"weightThreshold\":{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0,\"high\":0.1,\"step\":0.01}}},"
                + "\"search\":{\"algorithm\":\"random\",\"populationSize\":8,\"evaluations\":10,\"seed\":1},\"output\":\"" + dir + "\"}",
                "o.json", Map.of());
        ResultsFolderException ex = assertThrows(ResultsFolderException.class, () -> AnalyticScorer.runner(other, 0).run());
        assertTrue(ex.getMessage().contains("different experiment (space.weightThreshold.attributes.step, space.weightThreshold.attributes.high differ"), ex.getMessage());
        // refused before anything was written: the folder still holds the first experiment, byte for byte
        assertFolderUnchanged(before, folder(dir));
        // a larger budget of the same experiment is a resume, not another experiment
        SearchSummary more = AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 12, 1), 0).run();
        assertEquals(11, more.replayedTrials());
        assertEquals(2, more.scoredTrials());
    }

    @Test
    void aResumeWithAnotherSeedIsRefusedAndSaysHowToStartANewFolder() throws IOException {
        Path dir = tmp.resolve("s");
        AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 6, 1), 0).run();
        Map<String, byte[]> before = folder(dir);
        ResultsFolderException ex = assertThrows(ResultsFolderException.class,
                () -> AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 6, 2), 0).run());
        assertTrue(ex.getMessage().contains("holds the search with seed 1; seed 2 would mix two runs in one log"), ex.getMessage());
        assertTrue(ex.getMessage().contains("--out " + dir + "-seed2"), ex.getMessage());
        assertFolderUnchanged(before, folder(dir));
    }

    /** The folder's files (the lock file aside: it is the lock, not content). */
    static Map<String, byte[]> folder(Path dir) throws IOException {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) if (!f.getFileName().toString().equals(FolderLock.FILE)) m.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        return m;
    }

    static void assertFolderUnchanged(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) assertTrue(java.util.Arrays.equals(before.get(k), after.get(k)), k + " was rewritten");
    }

    @Test
    void aFailingCandidateIsLoggedAsFailedAndTheSearchGoesOn() throws IOException {
        // the analytic function throws for tw.fc3 = 0.299; the uniform sweep does not hit it, random may not:
        // evaluate it directly through a run
        Experiment e = AnalyticScorer.experiment(tmp.resolve("f").toString(), "random", 5, 1);
        var enc = e.space().encoding(dev.hass.experiment.Architectures.spaceLayers("lenet5"));
        try (TrialLog log = TrialLog.open(tmp.resolve("f.jsonl"))) {
            HassEvaluation eval = new HassEvaluation(enc, new Objectives(e.objectives()), new AnalyticScorer(enc, 0.02, 0), log, List.of());
            HassEvaluation.Run run = eval.run("random", 1, 3);
            Map<String, Double> bad = new java.util.LinkedHashMap<>(enc.uniform(0.1, 0.1));
            bad.put("tw.fc3", 0.299);
            Trial failed = run.evaluate(bad, 0);
            assertEquals(TrialState.FAIL, failed.state());
            assertTrue(failed.error().contains("a failing candidate"), failed.error());
            assertFalse(failed.feasible());
            Trial ok = run.evaluate(enc.uniform(0.05, 0.1), 0);
            assertTrue(ok.complete());
            // asking again is a cache hit: no new trial, no budget
            assertEquals(ok, run.evaluate(enc.uniform(0.05, 0.1), 1));
            assertEquals(2, run.used());
            run.evaluate(enc.uniform(0.06, 0.1), 1);
            assertThrows(IllegalStateException.class, () -> run.evaluate(enc.uniform(0.07, 0.1), 1));
        }
        List<Trial> logged = TrialLog.read(tmp.resolve("f.jsonl"));
        assertEquals(3, logged.size());
        assertEquals(TrialState.FAIL, logged.get(0).state());
    }
}
