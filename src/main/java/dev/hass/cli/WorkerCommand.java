package dev.hass.cli;

import dev.hass.app.WorkerApp;
import java.io.PrintWriter;
import java.nio.file.Path;
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
                        + "done. Never writes the trial log or takes the folder's lock. Needs the folder on a file system the "
                        + "coordinator shares. Libtorch threads: OMP_NUM_THREADS."})
public final class WorkerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "the results folder of the coordinating search")
    Path results;

    @Option(names = "--until-pid", paramLabel = "PID", description = "also stop when this process (the coordinator on this machine) is gone")
    Long untilPid;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        WorkerApp.run(results, untilPid, line -> {
            err.println(line);
            err.flush();
        });
        return 0;
    }
}
