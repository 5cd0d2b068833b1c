package dev.hass.cli;

import dev.hass.app.SearchApp;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.WritePaths;
import dev.hass.nn.TrainingProgress;
import dev.hass.search.FolderLock;
import dev.hass.search.SearchRunner;
import dev.hass.workers.LocalWorkers;
import dev.hass.workers.WorkQueue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--dry-run", description = "check everything the search would check before it spends time (results folder, "
            + "board, hardware graph, data set, model), print what it would do, write nothing")
    boolean dryRun;

    @Option(names = "--resume", description = "continue from the results folder's trials.jsonl (also what a plain rerun does)")
    boolean resume;

    @Option(names = "--workers", paramLabel = "N", description = "score each generation (or batch of a baseline) on N worker "
            + "processes on this machine (hass worker); the trial log is the same as without. Default 0: in this process")
    int workers;

    @Option(names = "--external-workers", description = "score through the work queue in the results folder and wait for "
            + "workers started elsewhere ('hass worker DIR', e.g. the Slurm array of 'hass submit --slurm --workers'); with "
            + "--workers N, N local ones join them")
    boolean externalWorkers;

    @Option(names = "--threads-per-worker", paramLabel = "T", description = "libtorch threads of each worker (default: cores / N, at least 1)")
    Integer threadsPerWorker;

    @Option(names = "--lease-seconds", paramLabel = "S", description = "a worker that has not renewed its claim on a candidate for S "
            + "seconds is taken for dead and the candidate is issued again (default: ${DEFAULT-VALUE})")
    int leaseSeconds = WorkQueue.DEFAULT_LEASE_SECONDS;

    @Override
    public Integer call() throws Exception {
        if (workers < 0) throw new UsageException("--workers must be ≥ 0 (0: no workers), got " + workers);
        if (threadsPerWorker != null && threadsPerWorker < 1) throw new UsageException("--threads-per-worker must be ≥ 1, got " + threadsPerWorker);
        if (leaseSeconds < 1) throw new UsageException("--lease-seconds must be ≥ 1, got " + leaseSeconds);
        Experiment e = new Overrides().put("search.algorithm", algorithm, "--algorithm").put("search.seed", seed, "--seed")
                .put("search.evaluations", evaluations, "--evaluations").put("hardware.platform", platform, "--platform")
                .put("output", out, "--out").load(file);
        WritePaths.check(e, file.toString(), new WritePaths.Grant(out != null, allowOutside), false);
        if (dryRun) {
            SearchApp.dryRun(e).forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return 0;
        }
        // the folder is claimed before any setup (training, the oracle) so that a second run is refused at once
        try (FolderLock lock = SearchRunner.claim(e)) {
            return search(e);
        }
    }

    private int search(Experiment e) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        int cores = Runtime.getRuntime().availableProcessors();
        SearchApp.Workers w = new SearchApp.Workers(workers, threadsPerWorker != null ? threadsPerWorker : Math.max(1, cores / Math.max(1, workers)),
                leaseSeconds, LocalWorkers.launcher(), externalWorkers);
        SearchApp.Outcome o = SearchApp.run(e, line -> {
            err.println(line);
            err.flush();
        }, TrainingProgress.stderrBar(), List.of(p -> {
            err.println(SearchApp.progressLine(p));
            err.flush();
        }), w);
        o.lines().forEach(stdout::println);
        stdout.flush();
        if (o.reportError() != null) {
            // the trials are safe, but a script or a batch task must not take a run without its reports for a finished one
            err.println(o.reportError());
            err.flush();
            return 1;
        }
        return 0;
    }
}
