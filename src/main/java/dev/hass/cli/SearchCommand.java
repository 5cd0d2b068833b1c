package dev.hass.cli;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.experiment.WritePaths;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingProgress;
import dev.hass.report.Reports;
import dev.hass.search.FolderLock;
import dev.hass.search.Progress;
import dev.hass.search.SearchRunner;
import dev.hass.search.SearchService;
import dev.hass.search.SearchSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass search EXPERIMENT.json}: NSGA-II (or a baseline) over per-layer thresholds, hardware in the loop. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search per-layer weight/activation thresholds with the accelerator DSE in the loop.",
                "Writes results/<name>/ (trials.jsonl, experiment.json, space.json, search-summary.json, and the reports: trials.csv, pareto.csv, summary.json, charts, optuna-journal.log); trains the model first when its checkpoint is missing. A rerun of the same "
                        + "experiment resumes from trials.jsonl: nothing logged is scored again."})
public final class SearchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.json", description = "the experiment file")
    Path file;

    @Option(names = "--algorithm", paramLabel = "A", description = "nsga2, uniform, greedy, random or all (overrides search.algorithm)")
    String algorithm;

    @Option(names = "--seed", paramLabel = "N", description = "search seed (overrides search.seed)")
    Long seed;

    @Option(names = "--evaluations", paramLabel = "N", description = "evaluation budget per algorithm (overrides search.evaluations)")
    Integer evaluations;

    @Option(names = "--platform", paramLabel = "B", description = "board name or board JSON file (overrides hardware.platform)")
    String platform;

    @Option(names = "--out", paramLabel = "DIR", description = "results folder (overrides output; default results/<name>)")
    String out;

    @Option(names = "--allow-outside", description = "accept output and model.checkpoint paths of the experiment file outside the "
            + "working directory (refused by default: experiment files are shared, see docs/safety.md)")
    boolean allowOutside;

    @Option(names = "--resume", description = "continue from the results folder's trials.jsonl (also what a plain rerun does)")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        if (algorithm != null) o.put("search.algorithm", algorithm);
        if (seed != null) o.put("search.seed", seed);
        if (evaluations != null) o.put("search.evaluations", evaluations);
        if (platform != null) o.put("hardware.platform", platform);
        if (out != null) o.put("output", out);
        Experiment e = Experiments.load(file, o);
        WritePaths.check(e, file.toString(), new WritePaths.Grant(out != null, allowOutside), false);
        // the folder is claimed before any setup (training, the oracle) so that a second run is refused at once
        try (FolderLock lock = SearchRunner.claim(e)) {
            return search(e);
        }
    }

    private int search(Experiment e) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        List<Progress.Listener> progress = List.of(p -> {
            err.println(line(p));
            err.flush();
        });
        SearchSummary s;
        if (e.model().onnx() != null) {
            s = SearchService.runOnnx(e, NnConfigs.onnxData(e), progress);
        } else {
            if (!Checkpoints.exists(NnConfigs.checkpoint(e))) {
                err.println("hass: no checkpoint at " + NnConfigs.checkpoint(e) + ": training " + e.model().architecture() + " first");
                err.flush();
                ModelTrainer.train(NnConfigs.training(e, null, false), TrainingProgress.stderrBar());
            }
            s = SearchService.run(e, NnConfigs.oracle(e), progress);
        }
        for (String l : summary(s, e)) stdout.println(l);
        try {
            Reports.regenerate(e.outputDir());
            stdout.println("  reports: trials.csv, pareto.csv, summary.json/.md, charts, optuna-journal.log in " + e.outputDir());
        } catch (RuntimeException x) {
            // the search's own files are written; a report problem must not hide that
            err.println("hass: search done, but the reports failed: " + x.getMessage() + " (retry with: bin/hass report " + e.outputDir() + ")");
        }
        stdout.flush();
        return 0;
    }

    static String line(Progress p) {
        return String.format("%-7s gen %3d  evals %4d/%-4d%s  best feasible %s img/s  HV %s  %s eval/s  ETA %s",
                p.algorithm(), p.generation(), p.evaluations(), p.budget(),
                p.replayed() > 0 ? " (" + p.replayed() + " replayed)" : "",
                Double.isNaN(p.bestThroughput()) ? "-" : String.format("%.0f", p.bestThroughput()),
                Double.isNaN(p.hypervolume()) ? "-" : String.format("%.4g", p.hypervolume()),
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

    static List<String> summary(SearchSummary s, Experiment e) {
        List<String> out = new java.util.ArrayList<>();
        out.add("search " + s.experiment() + " (seed " + s.seed() + ", objectives " + String.join(", ", s.objectives()) + ")");
        if (s.dense() != null && s.dense().complete()) {
            out.add(String.format("  dense:   accuracy %.4f, throughput %.0f img/s", s.dense().values().getOrDefault("accuracy", Double.NaN),
                    s.dense().design() == null ? Double.NaN : s.dense().design().throughput()));
        }
        for (SearchSummary.AlgorithmSummary a : s.algorithms()) {
            out.add(String.format("  %-7s  %d/%d evaluations, hypervolume %s, best feasible %s img/s, %d on the front",
                    a.algorithm(), a.evaluations(), a.budget(), a.hypervolume() == null ? "-" : String.format("%.6g", a.hypervolume()),
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
        out.add("  results: " + e.outputDir());
        return out;
    }
}
