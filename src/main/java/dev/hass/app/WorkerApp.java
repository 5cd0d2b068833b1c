package dev.hass.app;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.search.ResultsFolderException;
import dev.hass.search.Scorer;
import dev.hass.search.SearchService;
import dev.hass.workers.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code hass worker RESULTS_DIR}: waits for a coordinator's live queue in the folder, opens the experiment's own
 * oracle and scorer (the coordinator's experiment, so the same data, fidelity and hardware), then scores what it
 * claims until the coordinator is done. When the coordinator goes away (killed, cancelled) it waits again for the
 * next one, at most {@code wait}: a resumed coordinator finds its workers still there.
 */
public final class WorkerApp {
    private WorkerApp() {}

    /** The worker's name in status: its Slurm array task ({@code 123_4}) or job, else {@code pid@host}. */
    public static String defaultName() {
        Map<String, String> env = System.getenv();
        if (env.containsKey("SLURM_ARRAY_JOB_ID") && env.containsKey("SLURM_ARRAY_TASK_ID")) {
            return env.get("SLURM_ARRAY_JOB_ID") + "_" + env.get("SLURM_ARRAY_TASK_ID");
        }
        if (env.containsKey("SLURM_JOB_ID")) return env.get("SLURM_JOB_ID");
        return Worker.self();
    }

    /**
     * @param untilPid stop when this process is gone (the local coordinator); null: only when the coordinator says so
     * @param name     the worker's name in {@code work/workers/} and in status
     * @param wait     how long to wait for a live queue (at the start, and after a coordinator went away)
     * @return the candidates this worker scored
     */
    public static int run(Path results, Long untilPid, String name, Duration wait, Consumer<String> say) throws Exception {
        BooleanSupplier stop = untilPid == null ? () -> false
                : () -> ProcessHandle.of(untilPid).map(p -> !p.isAlive()).orElse(true);
        boolean folderAtStart = Files.isDirectory(results);   // before the worker's heartbeat can make it
        Worker worker = new Worker(results, name, Worker.self(), say);
        Thread onSignal = new Thread(worker::exited);    // scancel / kill: status shows the worker gone at once
        Runtime.getRuntime().addShutdownHook(onSignal);
        String who = "hass worker " + name + " (" + Worker.self() + ")";
        if (!folderAtStart) {
            say.accept(who + ": " + results + " does not exist yet; waiting up to " + wait.toSeconds() + " s for a coordinator to create it");
        }
        AccuracyOracle oracle = null;
        Scorer scorer = null;
        boolean neverCame = false;
        try {
            while (true) {
                Worker.Queue q = worker.awaitQueue(stop, wait);
                if (q == null) {
                    if (!folderAtStart && oracle == null && !stop.getAsBoolean()) {
                        // no coordinator ever came to a folder that was not there: most likely a typo in the path, which
                        // must not pass as a finished worker (nor leave the folder our heartbeat made)
                        neverCame = true;
                        throw new ResultsFolderException(results + ": no such folder, and no coordinator created it within "
                                + wait.toSeconds() + " s (--wait-seconds); check the path (the coordinator's --out or output)");
                    }
                    say.accept(who + ": " + (stop.getAsBoolean() ? "the coordinator's process is gone"
                            : "no live work queue in " + results + " within " + wait.toSeconds() + " s (--wait-seconds)") + "; exiting");
                    break;
                }
                if (oracle == null) {
                    Experiment e = Experiments.load(worker.experimentFile(), Map.of("output", results.toString()));
                    oracle = SearchApp.openOracle(e);
                    say.accept(who + ": scoring " + e.name() + " in " + results);
                    scorer = SearchService.scorer(e, oracle);
                }
                Worker.Ending end = worker.serve(scorer, q, stop);
                if (end != Worker.Ending.COORDINATOR_GONE) break;
                say.accept(who + ": the coordinator of queue " + q.id() + " stopped renewing it; waiting up to " + wait.toSeconds()
                        + " s for a new one");
            }
            say.accept(who + ": done, " + worker.scored() + " candidate(s) scored");
            return worker.scored();
        } finally {
            if (oracle != null) oracle.close();
            worker.exited();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook runs
            }
            if (neverCame) worker.removeTraces();
        }
    }
}
