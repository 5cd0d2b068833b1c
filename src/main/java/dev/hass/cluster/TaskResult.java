package dev.hass.cluster;


/**
 * What one finished task contributes to the batch summary, for one algorithm of its trial log (a search
 * with {@code search.algorithm = all} logs four; the dense reference trial belongs to none).
 *
 * @param algorithm     {@code nsga2}, {@code uniform}, {@code greedy}, {@code random}
 * @param evaluations   budget its trials spent, in full evaluations (complete and failed trials 1 each, a
 *                      multi-fidelity screen its cost, e.g. 0.25)
 * @param feasible      complete trials with every constraint ≤ 0, the dense reference trial included
 * @param hypervolume   of its feasible (accuracy, throughput) points, against {@link Collector#REFERENCE} (policy {@code origin})
 * @param bestThroughput highest throughput among feasible trials (the accuracy constraint holds), NaN if none
 * @param bestAccuracy  accuracy of that trial, NaN if none
 * @param wallSeconds   the task's wall time from its DONE file (from the trial timestamps if absent)
 */
public record TaskResult(TaskSpec task, String algorithm, double evaluations, int feasible, double hypervolume, double bestThroughput,
                         double bestAccuracy, double wallSeconds) {}
