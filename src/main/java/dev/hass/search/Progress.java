package dev.hass.search;

/**
 * Where a run stands, pushed to {@link Listener}s after every generation (NSGA-II) or step (baselines).
 *
 * @param bestThroughput   best throughput (images/s) of a feasible trial so far, NaN if none
 * @param hypervolume      of this run's feasible trials against the shared reference point, NaN if unknown
 * @param evaluationsPerSecond of the trials scored by this process (replays excluded)
 * @param etaSeconds       remaining budget ÷ rate, NaN when not yet known
 */
public record Progress(String algorithm, int generation, int evaluations, int budget, int replayed,
                       double bestThroughput, double hypervolume, double evaluationsPerSecond, double etaSeconds) {

    public interface Listener {
        void onProgress(Progress p);
    }
}
