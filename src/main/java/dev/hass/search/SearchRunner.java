package dev.hass.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hass.experiment.Algorithm;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.space.Encoding;
import dev.hass.space.SearchSpace;
import dev.hass.study.AtomicFiles;
import dev.hass.study.Hypervolume;
import dev.hass.study.Objectives;
import dev.hass.study.Pareto;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the algorithms of an experiment against one scorer, in a results folder that is its only state:
 * writes {@code experiment.json} and {@code space.json}, replays and extends {@code trials.jsonl}, scores the
 * dense model first (the shared reference), then each algorithm with the same budget and seed, and writes
 * {@code search-summary.json}. Rerunning the same experiment resumes it; one run at a time ({@link FolderLock}).
 */
public final class SearchRunner {
    public static final String DENSE = Algorithm.DENSE.id();
    /** What the search knows beyond the trials (timings, overhead, its hypervolume history); summary.json is the reports' own. */
    public static final String SUMMARY = "search-summary.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Experiment experiment;
    private final Encoding encoding;
    private final Scorer scorer;
    private final List<Progress.Listener> listeners = new ArrayList<>();
    private final List<HassEvaluation.Listener> trialListeners = new ArrayList<>();

    public SearchRunner(Experiment experiment, Encoding encoding, Scorer scorer) {
        this.experiment = experiment;
        this.encoding = encoding;
        this.scorer = scorer;
    }

    public SearchRunner onProgress(Progress.Listener l) {
        listeners.add(l);
        return this;
    }

    private Scorer finalistScorer;
    private boolean finalistsWithFront = true;

    /** Scores the feasible front again at the end (longer fine-tuning); without one there are no finalists. */
    public SearchRunner finalists(Scorer s) {
        return finalists(s, true);
    }

    /** As {@link #finalists(Scorer)}; without the front only the dense model and each algorithm's best design. */
    public SearchRunner finalists(Scorer s, boolean withFront) {
        finalistScorer = s;
        finalistsWithFront = withFront;
        return this;
    }

    private Scorer screener;

    /**
     * The scorer of NSGA-II's screens, needed when the experiment has {@code search.fidelity}: the same model at
     * {@link ScreenedEvaluation#screenFidelity}, its accuracy constraint against the dense model at that fidelity.
     */
    public SearchRunner screening(Scorer s) {
        screener = s;
        return this;
    }

    private BatchScorer batchScorer;

    /**
     * Scores each batch of new candidates with {@code b} (e.g. a pool of workers) instead of one after the other
     * here; the dense trial and the finalists stay with this runner's scorer. The trial log is the same.
     */
    public SearchRunner batchScorer(BatchScorer b) {
        batchScorer = b;
        return this;
    }

    public SearchRunner onTrial(HassEvaluation.Listener l) {
        trialListeners.add(l);
        return this;
    }

    /** The algorithms an experiment's {@code search.algorithm} stands for. */
    public static List<String> algorithms(String algorithm) {
        return Algorithm.expand(algorithm);
    }

    /**
     * Runs the search holding the folder's {@link FolderLock}; a folder that holds another experiment or seed is
     * refused before anything in it is written.
     */
    public SearchSummary run() throws IOException {
        try (FolderLock lock = claim(experiment)) {
            return runLocked();
        }
    }

    /**
     * Locks the experiment's results folder and checks that it may take the experiment (no other experiment or
     * seed in its log). The CLI claims it before its minutes of setup, so a refusal comes at once; {@link #run}
     * claims it again (re-entrant in the same thread).
     *
     * @throws ResultsFolderException when the folder is taken, holds something else, or cannot be written
     */
    /** What {@link #claim} checks of an existing folder, without locking or creating it (for {@code search --dry-run}). */
    public static void checkFolder(Experiment experiment) throws IOException {
        FolderCheck.sameExperiment(experiment);
    }

    /**
     * What the budget must pay for before the search starts ({@code space.ranges: "auto"}: the scan), checked from the
     * experiment alone so that the CLI refuses at once, not after training a checkpoint.
     *
     * @throws SearchService.SearchSetupException when the scan would leave NSGA-II less than a population
     */
    public static void checkBudget(Experiment e) {
        if (!e.space().autoRanges() || e.model().onnx() != null || !algorithms(e.search().algorithm()).contains(Algorithm.NSGA2.id())) return;
        Encoding enc = e.space().encoding(dev.hass.experiment.Architectures.spaceLayers(e.model().architecture()));
        AutoRanges.checkBudget(enc, e.space(), e.search().evaluations(), e.search().populationSize());
    }

    public static FolderLock claim(Experiment experiment) throws IOException {
        FolderLock lock = FolderLock.acquire(experiment.outputDir());
        try {
            FolderCheck.sameExperiment(experiment);
            return lock;
        } catch (IOException | RuntimeException x) {
            lock.close();
            throw x;
        }
    }

    private SearchSummary runLocked() throws IOException {
        long t0 = System.nanoTime();
        Path out = experiment.outputDir();
        Path logFile = out.resolve(TrialLog.FILE);
        List<Trial> logged = TrialLog.read(logFile);
        Experiments.write(experiment, out.resolve("experiment.json"));
        AtomicFiles.write(out.resolve("space.json"), JSON.writeValueAsString(encoding.toJson()) + "\n");
        Objectives objectives = new Objectives(experiment.objectives());
        Experiment.Search s = experiment.search();
        boolean autoRanges = experiment.space().autoRanges() && algorithms(s.algorithm()).contains(Algorithm.NSGA2.id());
        if (autoRanges) AutoRanges.checkBudget(encoding, experiment.space(), s.evaluations(), s.populationSize());
        double scoringSeconds = 0;
        int scored = 0, replayed = 0;
        List<SearchSummary.AlgorithmSummary> summaries = new ArrayList<>();
        List<Trial> best = new ArrayList<>();
        Trial dense;
        Map<String, Double> reference;
        try (TrialLog log = TrialLog.open(logFile)) {
            HassEvaluation eval = new HassEvaluation(encoding, objectives, scorer, log, logged);
            if (s.fidelity() != null) {
                if (screener == null) throw new IllegalStateException("search.fidelity is set but no screening scorer was given");
                eval.screening(screener, ScreenedEvaluation.screenLevel(experiment), ScreenedEvaluation.fullLevel(experiment));
            }
            trialListeners.forEach(eval::addListener);
            if (batchScorer != null) eval.batchScorer(batchScorer);

            HassEvaluation.Run denseRun = eval.run(DENSE, s.seed(), 1);
            dense = denseRun.evaluate(denseParams(), 0);
            Hypervolume.Reference r = Hypervolume.Reference.dense(dense, objectives, experiment.constraints().maxAccuracyDrop());
            reference = r == null ? null : r.point();
            double[] ref = reference == null ? null : objectives.minimised(reference);
            double denseAccuracy = dense.complete() && dense.values().containsKey("accuracy") ? dense.values().get("accuracy") : Double.NaN;

            for (String alg : algorithms(s.algorithm())) {
                HassEvaluation.Run run = eval.run(alg, s.seed(), s.evaluations());
                Tracker tracker = new Tracker(eval, run, ref, listeners);
                Encoding enc = encoding;
                SearchSpace space = experiment.space();
                Map<String, Double> highs = null;
                if (autoRanges && Algorithm.NSGA2.id().equals(alg)) {
                    AutoRanges.Outcome o = narrow(run, space);
                    enc = o.encoding();
                    space = o.space();
                    highs = o.highs();
                }
                Strategy.of(alg).run(new Strategy.Context(run, enc, objectives, space, s.populationSize(),
                        s.seed(), experiment.constraints().maxAccuracyDrop(), denseAccuracy, tracker, s));
                List<Trial> front = Pareto.front(run.trials(), objectives);
                BestDesign.of(run.trials()).ifPresent(best::add);
                summaries.add(new SearchSummary.AlgorithmSummary(alg, run.budget(), run.used(), run.replayed(),
                        orNull(tracker.hypervolume()), orNull(tracker.bestThroughput()),
                        tracker.history().stream().map(p -> orNull(p.hypervolume())).toList(),
                        front.stream().map(Trial::number).toList(), front, tracker.wallSeconds(), tracker.scoringSeconds(),
                        s.fidelity() == null ? null : run.spent(),
                        s.fidelity() == null ? null : (int) run.trials().stream().filter(t -> !t.fullFidelity()).count(), highs));
            }
            scoringSeconds = eval.scoringSeconds();
            scored = eval.scored();
            replayed = denseRun.replayed() + summaries.stream().mapToInt(SearchSummary.AlgorithmSummary::replayed).sum();
        }
        List<SearchSummary.Finalist> finalists = finalistScorer == null ? null : finalists(dense, best, summaries, objectives);
        double searchWall = summaries.stream().mapToDouble(SearchSummary.AlgorithmSummary::wallSeconds).sum();
        double searchScoring = summaries.stream().mapToDouble(SearchSummary.AlgorithmSummary::scoringSeconds).sum();
        Double overhead = searchWall > 0 && replayed == 0 ? Math.max(0, 1 - searchScoring / searchWall) : null;
        SearchSummary summary = new SearchSummary(experiment.name(), s.seed(), objectives.names(), reference, dense, summaries,
                (System.nanoTime() - t0) / 1e9, scoringSeconds, scored, replayed, overhead, finalists);
        AtomicFiles.write(out.resolve(SUMMARY), JSON.writeValueAsString(summary) + "\n");
        return summary;
    }

    /**
     * The trials worth a final number: the dense model (the baseline every speed-up is against), each
     * algorithm's {@link BestDesign} (what table 2 compares) and the feasible front over all algorithms.
     */
    private List<SearchSummary.Finalist> finalists(Trial dense, List<Trial> best, List<SearchSummary.AlgorithmSummary> runs,
                                                   Objectives objectives) {
        Map<Integer, Trial> chosen = new TreeMap<>();
        if (dense.complete()) chosen.put(dense.number(), dense);
        best.forEach(t -> chosen.put(t.number(), t));
        List<Trial> all = new ArrayList<>();
        runs.forEach(r -> all.addAll(r.front()));
        if (finalistsWithFront) Pareto.front(all, objectives).forEach(t -> chosen.put(t.number(), t));
        List<SearchSummary.Finalist> out = new ArrayList<>();
        for (Trial t : chosen.values()) {
            long t0 = System.nanoTime();
            Score s;
            try {
                s = finalistScorer.score(t.params());
            } catch (Exception e) {
                s = Score.failed(String.valueOf(e.getMessage()), 0, 0);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (s.ok()) {
                Map<String, Double> c = HassEvaluation.ordered(s.constraints());
                out.add(new SearchSummary.Finalist(t.number(), t.algorithm(), t.params(), t.values(), objectives.select(s.metrics()),
                        c, c.values().stream().allMatch(v -> v <= 0), s.metrics().get(HassScorer.TEST_ACCURACY), secs, null));
            } else {
                out.add(new SearchSummary.Finalist(t.number(), t.algorithm(), t.params(), t.values(), null, null, null, null, secs, s.error()));
            }
        }
        return out;
    }

    private AutoRanges.Outcome narrow(HassEvaluation.Run run, SearchSpace space) throws IOException {
        try {
            return AutoRanges.narrow(run, encoding, space, experiment.constraints().maxAccuracyDrop());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("sensitivity scan of space.ranges \"auto\": " + e.getMessage(), e);
        }
    }

    /** JSON has no NaN: unknown values are null. */
    static Double orNull(double v) { return Double.isFinite(v) ? v : null; }

    /** No threshold anywhere: every parameter 0 (the dense model, whatever the space's ranges). */
    Map<String, Double> denseParams() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Encoding.Param p : encoding.params()) m.put(p.name(), 0.0);
        return m;
    }
}
