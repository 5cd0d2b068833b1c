package dev.hass.app;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.search.SearchService;
import dev.hass.workers.Worker;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code hass worker RESULTS_DIR}: waits for a coordinator's queue in the folder, opens the experiment's own oracle and
 * scorer (the coordinator's experiment, so the same data, fidelity and hardware), then scores what it claims until
 * the coordinator is done.
 */
public final class WorkerApp {
    private WorkerApp() {}

    /**
     * @param untilPid stop when this process is gone (the local coordinator); null: only when the coordinator says so
     * @return the candidates this worker scored
     */
    public static int run(Path results, Long untilPid, Consumer<String> say) throws Exception {
        BooleanSupplier stop = untilPid == null ? () -> false
                : () -> ProcessHandle.of(untilPid).map(p -> !p.isAlive()).orElse(true);
        Worker worker = new Worker(results, Worker.self(), say);
        int lease = worker.waitForQueue(stop);
        if (lease < 0) return 0;
        Experiment e = Experiments.load(worker.experimentFile(), Map.of("output", results.toString()));
        try (AccuracyOracle oracle = SearchApp.openOracle(e)) {
            say.accept("hass worker " + Worker.self() + ": scoring " + e.name() + " in " + results);
            int n = worker.run(SearchService.scorer(e, oracle), lease, stop);
            say.accept("hass worker " + Worker.self() + ": done, " + n + " candidate(s) scored");
            return n;
        }
    }
}
