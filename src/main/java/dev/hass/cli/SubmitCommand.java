package dev.hass.cli;

import dev.hass.cluster.BatchRequest;
import dev.hass.cluster.BatchService;
import dev.hass.cluster.Seeds;
import dev.hass.cluster.Slurm;
import dev.hass.cluster.SlurmOptions;
import dev.hass.cluster.WorkerOptions;
import dev.hass.workers.WorkQueue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass submit}: a matrix of searches as a Slurm array job + collector, or on this machine. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Run many searches (experiments × boards × seeds) as one batch: a Slurm array job plus a "
                + "collector job that merges the results, or on this machine with --local.",
                "Writes results/batches/<id>/ (tasks.json, the scripts, one folder per task); then see "
                        + "'hass batch status|collect|retry|cancel'."})
public final class SubmitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    static final class Where {
        @Option(names = "--slurm", description = "Submit to Slurm (sbatch must be on PATH).") boolean slurm;
        @Option(names = "--local", description = "Run the tasks on this machine, one JVM each, then collect.") boolean local;
    }

    @ArgGroup(exclusive = true) Where where;

    @Parameters(arity = "1..*", paramLabel = "EXPERIMENT.json", description = "Experiment files.")
    List<Path> experiments;

    @Option(names = "--seeds", paramLabel = "LIST", description = "Seeds, e.g. 1-5 or 1,3,7 (default: each experiment's search.seed).")
    String seeds;

    @Option(names = "--boards", split = ",", paramLabel = "B", description = "Boards, e.g. u250,zcu102 (default: each experiment's hardware.platform).")
    List<String> boards;

    @Option(names = "--evaluations", paramLabel = "N", description = "Search budget per task (default: the experiment's).")
    Integer evaluations;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's).") String partition;
    @Option(names = "--time", paramLabel = "HH:MM:SS", description = "Slurm time limit per task.") String time;
    @Option(names = "--cpus-per-task", paramLabel = "N", defaultValue = "1", description = "CPUs per task (default: ${DEFAULT-VALUE}).") int cpusPerTask;
    @Option(names = "--mem", paramLabel = "M", description = "Memory per task, e.g. 4G.") String mem;
    @Option(names = "--max-parallel", paramLabel = "K", description = "At most K tasks at once (Slurm: --array=…%%K; local default: the CPU count).") Integer maxParallel;
    @Option(names = "--workers", paramLabel = "N", description = "One search on many workers: the single search (one experiment, "
            + "seed and board) runs as a coordinator job plus a Slurm array of N 'hass worker' tasks sharing its results folder "
            + "(a file system every node sees). Slurm only.") Integer workers;
    @Option(names = "--threads-per-worker", paramLabel = "T", defaultValue = "1", description = "With --workers: libtorch threads "
            + "and Slurm CPUs (--cpus-per-task) of each worker task (default: ${DEFAULT-VALUE}); --cpus-per-task is the coordinator's.")
    int threadsPerWorker;
    @Option(names = "--lease-seconds", paramLabel = "S", description = "With --workers: a worker silent for S seconds loses its "
            + "candidate to another (default: " + WorkQueue.DEFAULT_LEASE_SECONDS + ").") Integer leaseSeconds;
    @Option(names = "--wait-seconds", paramLabel = "S", defaultValue = "600", description = "With --workers: how long a worker waits "
            + "for the coordinator's queue before it exits (default: ${DEFAULT-VALUE}).") int waitSeconds;
    @Option(names = "--dry-run", description = "Write the batch folder and scripts, submit nothing.") boolean dryRun;
    @Option(names = "--id", paramLabel = "ID", description = "Batch id (default: a UTC time stamp).") String id;
    @Option(names = "--batches-dir", paramLabel = "DIR", defaultValue = "results/batches", description = "Where batch folders go (default: ${DEFAULT-VALUE}).") Path batchesDir;
    @Option(names = "--task-command", hidden = true, paramLabel = "PROGRAM",
            description = "Run PROGRAM instead of bin/hass in each task, with the same arguments (site wrappers, tests).")
    String taskCommand;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BatchRequest.Mode mode = where == null ? BatchRequest.Mode.AUTO
                : where.slurm ? BatchRequest.Mode.SLURM : BatchRequest.Mode.LOCAL;
        if (workers == null && (leaseSeconds != null || spec.commandLine().getParseResult().hasMatchedOption("--threads-per-worker")
                || spec.commandLine().getParseResult().hasMatchedOption("--wait-seconds"))) {
            throw new UsageException("--threads-per-worker, --lease-seconds and --wait-seconds go with --workers N");
        }
        WorkerOptions w = workers == null ? null : new WorkerOptions(workers, threadsPerWorker,
                leaseSeconds != null ? leaseSeconds : WorkQueue.DEFAULT_LEASE_SECONDS, waitSeconds);
        BatchRequest r = new BatchRequest(experiments, seeds == null ? null : Seeds.parse(seeds), boards, evaluations,
                new SlurmOptions(partition, time, cpusPerTask, mem, maxParallel), mode, dryRun, batchesDir, id,
                BatchCommand.hassHome(), taskCommand, w);
        BatchService.Submitted s = new BatchService(Slurm.fromEnvironment(), out).submit(r);
        return BatchCommand.printSubmitted(out, s, dryRun);
    }
}
