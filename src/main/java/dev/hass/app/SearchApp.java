package dev.hass.app;

import dev.hass.experiment.Algorithm;
import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.ExperimentException;
import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingProgress;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.OracleConfig;
import dev.hass.report.Reports;
import dev.hass.search.FolderLock;
import dev.hass.search.Progress;
import dev.hass.search.SearchRunner;
import dev.hass.search.SearchService;
import dev.hass.search.SearchSummary;
import dev.hass.study.AtomicFiles;
import dev.hass.study.Hypervolume;
import dev.hass.study.ResultsFiles;
import dev.hass.workers.LocalWorkers;
import dev.hass.workers.WorkQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The composition root of a search: the one place that puts the DJL oracle, the hardware scorer, the search and
 * the reports together. {@code search} knows only an {@link AccuracyOracle}; {@code cli} parses and prints.
 */
public final class SearchApp {
    private SearchApp() {}

    /**
     * A finished search.
     *
     * @param lines       what {@code hass search} prints on stdout
     * @param reportError why the reports could not be written (the search's own files are), or null
     */
    public record Outcome(SearchSummary summary, List<String> lines, String reportError) {}

    /**
     * Searches and regenerates the reports: an ONNX model with the ONNX Runtime oracle on the experiment's images; a
     * built-in one with the DJL oracle, training its checkpoint first when it is missing (saying so).
     */
    public static Outcome run(Experiment e, Consumer<String> say, TrainingProgress training, List<Progress.Listener> progress)
            throws IOException {
        if (e.model().onnx() != null) {
            try (AccuracyOracle oracle = ExperimentConfigs.onnxOracle(e, false)) {
                return finish(e, SearchService.run(e, oracle, progress));
            }
        }
        SearchRunner.checkBudget(e);
        ensureCheckpoint(e, say, training);
        return finish(e, search(e, ExperimentConfigs.oracle(e), progress));
    }

    /**
     * How many local workers score the search's batches ({@code count} 0: none, the search scores in its own process).
     *
     * @param launcher how to start {@code hass} for a worker ({@link LocalWorkers#launcher})
     * @param external  workers started elsewhere join the queue (a Slurm array): the search waits for them and does not
     *                  stop when no local worker runs
     */
    public record Workers(int count, int threadsPerWorker, int leaseSeconds, List<String> launcher, boolean external) {
        public static final Workers NONE = new Workers(0, 1, WorkQueue.DEFAULT_LEASE_SECONDS, List.of(), false);

        public Workers(int count, int threadsPerWorker, int leaseSeconds, List<String> launcher) {
            this(count, threadsPerWorker, leaseSeconds, launcher, false);
        }
    }

    /**
     * As {@link #run(Experiment, Consumer, TrainingProgress, List)}, with {@code workers} local worker processes
     * scoring each batch of candidates (the trial log is the same as without). The queue lives in the results folder;
     * this process holds its lock, appends the trials and scores the dense model and the finalists itself.
     */
    public static Outcome run(Experiment e, Consumer<String> say, TrainingProgress training, List<Progress.Listener> progress,
                              Workers workers) throws IOException {
        if (workers.count() == 0 && !workers.external()) return run(e, say, training, progress);
        if (e.model().onnx() == null) ensureCheckpoint(e, say, training);   // before the workers open it
        try (FolderLock lock = SearchRunner.claim(e)) {
            AtomicReference<LocalWorkers> pool = new AtomicReference<>();
            // external workers: nobody here can tell whether more will come (a pending Slurm array), so the queue waits
            WorkQueue queue = new WorkQueue(e.outputDir(), e, workers.leaseSeconds(),
                    workers.external() ? null : () -> pool.get() == null || pool.get().anyAlive(), say);
            try {
                if (workers.count() > 0) {
                    pool.set(LocalWorkers.start(workers.launcher(), e.outputDir(), workers.count(), workers.threadsPerWorker()));
                    say.accept(String.format("hass: %d local workers, %d libtorch thread(s) each, lease %d s (logs: %s)", workers.count(),
                            workers.threadsPerWorker(), workers.leaseSeconds(), WorkQueue.folder(e.outputDir()).resolve("logs")));
                }
                if (workers.external()) {
                    say.accept(String.format("hass: work queue %s published (lease %d s); waiting for workers: hass worker %s",
                            queue.id(), workers.leaseSeconds(), e.outputDir()));
                }
                SearchSummary summary;
                try (AccuracyOracle oracle = openOracle(e)) {
                    summary = SearchService.run(e, oracle, progress, queue);
                }
                return finish(e, summary);
            } finally {
                queue.close();
                if (pool.get() != null) pool.get().close();
            }
        }
    }

    /** The experiment's oracle: ONNX Runtime on its images for an ONNX model, else DJL on its (trained) checkpoint. */
    static AccuracyOracle openOracle(Experiment e) throws IOException {
        if (e.model().onnx() != null) {
            return ExperimentConfigs.onnxOracle(e, false);
        }
        return DjlAccuracyOracle.open(ExperimentConfigs.oracle(e));
    }

    /** Trains the experiment's built-in model into its checkpoint when there is none yet, saying so first. */
    static void ensureCheckpoint(Experiment e, Consumer<String> say, TrainingProgress training) {
        Path checkpoint = ExperimentConfigs.checkpoint(e);
        if (!Checkpoints.exists(checkpoint)) {
            say.accept("hass: no checkpoint at " + checkpoint + ": training " + e.model().architecture() + " first");
            ModelTrainer.train(ExperimentConfigs.training(e, null, false), training);
        }
    }

    /**
     * Everything {@code hass search} checks before it spends time, without writing anything: the results folder
     * (writable; an existing log belongs to this experiment), the board, the hardware graph and the chromosome, the
     * data set and the model. Returns what the search would do.
     *
     * @throws ExperimentException for what the user has to fix (exit 2)
     */
    public static List<String> dryRun(Experiment e) throws IOException {
        List<String> problems = new ArrayList<>();
        String unwritable = AtomicFiles.unwritableFolder(e.outputDir());
        if (unwritable != null) problems.add(unwritable);
        if (Files.isDirectory(e.outputDir())) SearchRunner.checkFolder(e);
        Platform platform = Platforms.resolve(e.hardware().platform());
        boolean onnx = e.model().onnx() != null;
        Network network = onnx ? OnnxImport.read(Path.of(e.model().onnx())).network() : Networks.builtIn(e.model().architecture());
        int genes = onnx ? -1 : e.space().encoding(Architectures.spaceLayers(e.model().architecture())).size();
        Path checkpoint = onnx ? Path.of(e.model().onnx()) : ExperimentConfigs.checkpoint(e);
        if (!onnx && !e.dataset().imageFolder()) {
            Path data = ExperimentConfigs.datasetDir(e);
            for (String f : FashionMnist.FILES) {
                if (!Files.isRegularFile(data.resolve(f))) problems.add("the data set file " + data.resolve(f) + " is missing");
            }
        }
        if (!problems.isEmpty()) throw new ExperimentException(problems);
        SearchRunner.checkBudget(e);
        Experiment.Search s = e.search();
        List<String> out = new ArrayList<>();
        out.add("dry run of " + e.name() + ": nothing was written");
        out.add(String.format("  model %s (%s), %d hardware stages on %s at %.0f %% of the board", e.model().label(),
                onnx ? "ONNX file" : Checkpoints.exists(checkpoint) ? "checkpoint " + checkpoint : "no checkpoint yet: would train into "
                        + checkpoint, network.nodes().size(), platform.name(), 100 * e.hardware().resourceFraction()));
        out.add(String.format("  %s: %s, %d evaluations each, seed %d%s", String.join(", ", Algorithm.expand(s.algorithm())),
                genes >= 0 ? genes + " genes" : "genes from the ONNX file", s.evaluations(), s.seed(),
                Files.isRegularFile(e.outputDir().resolve(ResultsFiles.TRIALS)) ? ", resuming from " + e.outputDir().resolve(ResultsFiles.TRIALS) : ""));
        if (s.fidelity() != null) {
            out.add(String.format("  nsga2 screens its children on %d validation + %d calibration images and measures the best %.0f %% "
                    + "(and every front entrant) in full", s.fidelity().screenImages(), s.fidelity().screenHistogramImages(), 100 * s.fidelity().promote()));
        }
        if (e.space().autoRanges()) {
            out.add(String.format("  nsga2 first narrows its ranges by a sensitivity scan (%d points per threshold, tolerance %.2g), paid from its budget",
                    e.space().rangeScan().points(), e.space().rangeScan().tolerance()));
        }
        out.add("  results: " + e.outputDir());
        return out;
    }

    /** The search alone, with the DJL oracle opened from {@code cfg} (a trained checkpoint). */
    public static SearchSummary search(Experiment e, OracleConfig cfg, List<Progress.Listener> progress) throws IOException {
        try (AccuracyOracle oracle = DjlAccuracyOracle.open(cfg)) {
            return SearchService.run(e, oracle, progress);
        }
    }

    /** Regenerates the reports of a finished search and says what it found. */
    public static Outcome finish(Experiment e, SearchSummary s) throws IOException {
        List<String> lines = new ArrayList<>(summaryLines(s, e));
        try {
            Reports.regenerate(e.outputDir());
            lines.add("  reports: trials.csv, pareto.csv, summary.json/.md, charts, optuna-journal.log in " + e.outputDir());
            return new Outcome(s, lines, null);
        } catch (IOException | RuntimeException x) {
            // the search's own files are written; a report problem must not hide that
            return new Outcome(s, lines, "hass: search done, but the reports failed: " + x.getMessage()
                    + " (retry with: bin/hass report " + e.outputDir() + ")");
        }
    }

    /** One progress line; the hypervolume is against the search's reference point (policy {@code dense}). */
    public static String progressLine(Progress p) {
        return String.format("%-7s gen %3d  evals %4d/%-4d%s  best feasible %s img/s  HV %s  %s eval/s  ETA %s",
                p.algorithm(), p.generation(), p.evaluations(), p.budget(),
                p.replayed() > 0 ? " (" + p.replayed() + " replayed)" : "",
                Double.isNaN(p.bestThroughput()) ? "-" : String.format("%.0f", p.bestThroughput()),
                Double.isNaN(p.hypervolume()) ? "-" : Hypervolume.format(p.hypervolume(), Hypervolume.Policy.DENSE),
                Double.isNaN(p.evaluationsPerSecond()) ? "-" : String.format("%.2f", p.evaluationsPerSecond()),
                Double.isNaN(p.etaSeconds()) ? "-" : duration(p.etaSeconds()));
    }

    static String duration(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String.format("%d:%02d", t / 60, t % 60);
    }

    /** One finalist: validation accuracy after fine-tuning (what the constraint sees) and the test accuracy (the final number). */
    static String finalist(SearchSummary.Finalist f) {
        String head = String.format("    #%-4d %-7s ", f.number(), f.algorithm());
        if (f.error() != null) return head + "failed: " + f.error();
        Double acc = f.values() == null ? null : f.values().get("accuracy");
        Double thr = f.values() == null ? null : f.values().get("throughput");
        return head + String.format("validation accuracy %s, test accuracy %s, throughput %s img/s%s",
                acc == null ? "-" : String.format("%.4f", acc), f.testAccuracy() == null ? "-" : String.format("%.4f", f.testAccuracy()),
                thr == null ? "-" : String.format("%.0f", thr), Boolean.TRUE.equals(f.feasible()) ? "" : " (infeasible)");
    }

    /**
     * What the search found, as {@code hass search} prints it. Hypervolumes are printed as summary.md prints them
     * ({@link Hypervolume#format}, policy {@code dense}): the same number for the same run.
     */
    public static List<String> summaryLines(SearchSummary s, Experiment e) {
        List<String> out = new ArrayList<>();
        out.add("search " + s.experiment() + " (seed " + s.seed() + ", objectives " + String.join(", ", s.objectives()) + ")");
        if (s.dense() != null && s.dense().complete()) {
            out.add(String.format("  dense:   accuracy %.4f, throughput %.0f img/s", s.dense().values().getOrDefault("accuracy", Double.NaN),
                    s.dense().design() == null ? Double.NaN : s.dense().design().throughput()));
        }
        for (SearchSummary.AlgorithmSummary a : s.algorithms()) {
            out.add(String.format("  %-7s  %s/%d evaluations, hypervolume %s, best feasible %s img/s, %d on the front",
                    a.algorithm(), a.spent() == null ? Integer.toString(a.evaluations()) : String.format("%.2f", a.spent()), a.budget(),
                    a.hypervolume() == null ? "-" : Hypervolume.format(a.hypervolume(), Hypervolume.Policy.DENSE),
                    a.bestThroughput() == null ? "-" : String.format("%.0f", a.bestThroughput()), a.pareto().size()));
        }
        if (s.finalists() != null && !s.finalists().isEmpty()) {
            long ok = s.finalists().stream().filter(f -> Boolean.TRUE.equals(f.feasible())).count();
            out.add(String.format("  finalists: %d (dense, each algorithm's best%s) fine-tuned %d steps, %d still feasible (search-summary.json)",
                    s.finalists().size(), "best".equals(e.oracle().finalists()) ? "" : ", the feasible front",
                    e.oracle().finalistFineTuneSteps(), ok));
            for (SearchSummary.Finalist f : s.finalists()) out.add(finalist(f));
        }
        out.add(String.format("  %d trials scored, %d replayed from the log; %.1f s wall%s", s.scoredTrials(), s.replayedTrials(),
                s.wallSeconds(), s.overheadFraction() == null ? "" : String.format(", search overhead %.1f %%", 100 * s.overheadFraction())));
        for (SearchSummary.AlgorithmSummary a : s.algorithms()) {
            if (a.screens() != null) {
                out.add(String.format("  %s: %d trials, %d of them screens (not designs); budget spent %.2f of %d full evaluations",
                        a.algorithm(), a.evaluations(), a.screens(), a.spent(), a.budget()));
            }
            if (a.autoRanges() != null) out.add("  " + a.algorithm() + ": ranges after the sensitivity scan (its trials: generation -1): " + a.autoRanges());
        }
        out.add("  results: " + e.outputDir());
        return out;
    }
}
