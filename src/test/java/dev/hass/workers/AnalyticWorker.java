package dev.hass.workers;

import dev.hass.experiment.Experiments;
import dev.hass.search.AnalyticScorer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A worker process for the worker tests: the real {@link Worker} loop in a JVM of its own, scoring with the analytic
 * test function (NOT an oracle; see {@link AnalyticScorer}) so that a test can kill it without loading DJL.
 * Args: {@code resultsDir sleepMillis}.
 */
public final class AnalyticWorker {
    private AnalyticWorker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Worker w = new Worker(dir, Worker.self(), System.err::println);
        int lease = w.waitForQueue(() -> false);
        var e = Experiments.load(w.experimentFile(), Map.of("output", dir.toString()));
        w.run(AnalyticScorer.scorer(e, Long.parseLong(args[1])), lease, () -> false);
    }
}
