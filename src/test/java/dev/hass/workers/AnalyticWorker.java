package dev.hass.workers;

import dev.hass.experiment.Experiments;
import dev.hass.search.AnalyticScorer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A worker process for the worker tests: the real {@link Worker} loop in a JVM of its own, scoring with the analytic
 * test function (NOT an oracle; see {@link AnalyticScorer}) so that a test can kill it without loading DJL.
 * Args as {@code hass worker} gets them from {@link LocalWorkers}: {@code worker RESULTS_DIR [--until-pid PID]}; each
 * score sleeps {@code -Danalytic.sleep} ms.
 */
public final class AnalyticWorker {
    private AnalyticWorker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Long until = args.length > 3 ? Long.valueOf(args[3]) : null;
        java.util.function.BooleanSupplier stop = until == null ? () -> false
                : () -> ProcessHandle.of(until).map(p -> !p.isAlive()).orElse(true);
        Worker w = new Worker(dir, Worker.self(), System.err::println);
        if (w.awaitQueue(stop, java.time.Duration.ofDays(1)) == null) return;
        var e = Experiments.load(w.experimentFile(), Map.of("output", dir.toString()));
        w.run(AnalyticScorer.scorer(e, Long.getLong("analytic.sleep", 0)), stop);
    }

    /** How {@link LocalWorkers} starts this class instead of {@code hass worker}. */
    static java.util.List<String> launcher(long sleepMillis) {
        return java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-Danalytic.sleep=" + sleepMillis, "-cp", System.getProperty("java.class.path"), AnalyticWorker.class.getName());
    }
}
