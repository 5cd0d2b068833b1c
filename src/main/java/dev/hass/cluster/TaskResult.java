package dev.hass.cluster;


/**
 * What one finished task contributes to the batch summary, for one algorithm of its trial log (a search
 * with {@code search.algorithm = all} logs four; the dense reference trial belongs to none).
 *
 * @param algorithm     {@code nsga2}, {@code uniform}, {@code greedy}, {@code random}
 * @param evaluations   trials in its log (complete and failed)
 * @param feasible      complete trials with every constraint ≤ 0, the dense reference trial included
 * @param hypervolume   of its feasible (accuracy, throughput) points, against {@link Collector#REFERENCE} (policy {@code origin})
 * @param bestThroughput highest throughput among feasible trials (the accuracy constraint holds), NaN if none
 * @param bestAccuracy  accuracy of that trial, NaN if none
 * @param wallSeconds   the task's wall time from its DONE file (from the trial timestamps if absent)
 */
public record TaskResult(TaskSpec task, String algorithm, int evaluations, int feasible, double hypervolume, double bestThroughput,
                         double bestAccuracy, double wallSeconds) {}
