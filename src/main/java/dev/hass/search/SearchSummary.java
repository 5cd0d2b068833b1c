package dev.hass.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hass.study.Trial;
import java.util.List;
import java.util.Map;

/**
 * {@code search-summary.json}: what a search found and what it cost.
 *
 * @param reference       hypervolume reference point per objective (external values): the dense design's
 *                        throughput/latency/DSP and the lowest allowed accuracy; the same for every algorithm
 * @param overheadFraction share of the wall time of the searches spent outside the scorer (oracle + DSE),
 *                        over the trials scored by this process
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchSummary(String experiment, long seed, List<String> objectives, Map<String, Double> reference,
                            Trial dense, List<AlgorithmSummary> algorithms, double wallSeconds, double scoringSeconds,
                            int scoredTrials, int replayedTrials, Double overheadFraction, List<Finalist> finalists) {

    /**
     * A trial of the feasible front (over every algorithm of the run) scored again at the finalist fidelity
     * ({@code oracle.finalistFineTuneSteps} of masked fine-tuning). Not a search trial: it is not in the log
     * and costs no budget.
     *
     * @param values      the objectives after fine-tuning (null when it failed)
     * @param constraints  the constraints after fine-tuning (accuracy still on the validation subset)
     * @param testAccuracy top-1 of the fine-tuned finalist on the held-out test file ({@code dataset.testImages}
     *                     images): the final number, measured after every choice is made (null when not measured)
     */
    public record Finalist(int number, String algorithm, Map<String, Double> params, Map<String, Double> searchValues,
                           Map<String, Double> values, Map<String, Double> constraints, Boolean feasible,
                           Double testAccuracy, double seconds, String error) {}

    /**
     * @param hypervolumes hypervolume after each generation (NSGA-II) or population-sized block of steps (baselines)
     * @param hypervolume  final hypervolume (null when there is no reference point)
     * @param pareto       numbers of the trials on the feasible front
     * @param evaluations  trials logged (screens included)
     * @param spent        budget spent in full evaluations (screens at their share); null without screening
     * @param screens      how many of the trials are screens; null without screening
     * @param autoRanges   with {@code space.ranges: "auto"}: parameter → the upper bound the scan left it (the scan's
     *                     trials are this algorithm's, generation −1); null otherwise
     */
    public record AlgorithmSummary(String algorithm, int budget, int evaluations, int replayed, Double hypervolume,
                                   Double bestThroughput, List<Double> hypervolumes, List<Integer> pareto,
                                   List<Trial> front, double wallSeconds, double scoringSeconds,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Double spent,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Integer screens,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> autoRanges) {}
}
