package dev.hass.workers;

import dev.hass.experiment.Experiment;
import dev.hass.search.AnalyticScorer;
import dev.hass.search.FolderLock;
import dev.hass.search.SearchRunner;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A coordinator process for the worker tests, wired as {@code hass search --workers N} wires the real one (folder
 * lock, queue, local workers), with {@link AnalyticWorker} processes. Args: {@code resultsDir workers sleepMillis}.
 */
public final class AnalyticCoordinator {
    private AnalyticCoordinator() {}

    static Experiment experiment(String dir) {
        return AnalyticScorer.experiment(dir, "all", 10, 7);
    }

    public static void main(String[] args) throws Exception {
        Experiment e = experiment(args[0]);
        try (FolderLock lock = SearchRunner.claim(e)) {
            AtomicReference<LocalWorkers> pool = new AtomicReference<>();
            WorkQueue q = new WorkQueue(e.outputDir(), e, 2, () -> pool.get() == null || pool.get().anyAlive(), System.err::println);
            try {
                pool.set(LocalWorkers.start(AnalyticWorker.launcher(Long.parseLong(args[2])), e.outputDir(), Integer.parseInt(args[1]), 1));
                AnalyticScorer.runner(e, 0).batchScorer(q).run();
            } finally {
                q.close();
                if (pool.get() != null) pool.get().close();
            }
        }
    }
}
