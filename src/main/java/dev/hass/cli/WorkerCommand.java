package dev.hass.cli;

import dev.hass.app.WorkerApp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass worker RESULTS_DIR}: scores candidates of a search that runs with workers (docs/clusters.md). */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Score candidates for a search coordinated in RESULTS_DIR (search --workers starts these itself).",
                "Waits for the coordinator's queue in RESULTS_DIR/work/, claims one candidate at a time with a lease file, scores it "
                        + "with the experiment's own oracle and hardware model and writes the result; exits when the coordinator is "
                        + "done. May start before the coordinator (it waits, see --wait-seconds); an earlier run's files do not stop it. Never writes the trial log or takes the folder's lock. Needs the folder on a file system the "
                        + "coordinator shares. Libtorch threads: OMP_NUM_THREADS."})
public final class WorkerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "the results folder of the coordinating search")
    Path results;

    @Option(names = "--until-pid", paramLabel = "PID", description = "also stop when this process (the coordinator on this machine) is gone")
    Long untilPid;

    @Option(names = "--name", paramLabel = "NAME", description = "this worker's name in RESULTS_DIR/work/workers/ and in "
            + "'hass batch status' (default: the Slurm array task JOB_TASK, else the Slurm job, else pid@host)")
    String name;

    @Option(names = "--wait-seconds", paramLabel = "S", description = "how long to wait for a live queue (a coordinator that has "
            + "published work/queue.json and renews it) at the start and after a coordinator went away; then exit 0, or 2 if "
            + "RESULTS_DIR did not exist at the start and no coordinator ever came (a mistyped path) (default: ${DEFAULT-VALUE})")
    int waitSeconds = 600;

    @Override
    public Integer call() throws Exception {
        if (waitSeconds < 0) throw new UsageException("--wait-seconds must be ≥ 0, got " + waitSeconds);
        String n = name != null ? name : WorkerApp.defaultName();
        if (!n.matches("[A-Za-z0-9_.@-]+")) {
            throw new UsageException("--name '" + n + "': allowed are letters, digits, '_', '.', '@', '-' (it names a file)");
        }
        PrintWriter err = spec.commandLine().getErr();
        WorkerApp.run(results, untilPid, n, Duration.ofSeconds(waitSeconds), line -> {
            err.println(line);
            err.flush();
        });
        return 0;
    }
}
