package dev.hass.study;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One evaluated candidate, as appended to {@code trials.jsonl} (one JSON object per line) the moment
 * it finishes. The log is the source of truth: reports, resume and the Optuna journal are replays of it.
 *
 * @param number      0-based trial number, unique within a results folder
 * @param algorithm   {@code nsga2}, {@code uniform}, {@code greedy}, {@code random} or {@code dense}
 * @param seed        the search seed the trial belongs to
 * @param generation  NSGA-II generation (0 = initial population); for baselines, the step index
 * @param state       how it ended; {@code COMPLETE} or {@code FAIL} in the JSON
 * @param params      Optuna-style parameter names to values: {@code tw.<layer>} (weight threshold) and
 *                    {@code ta.<layer>} (activation threshold); {@code tw}/{@code ta} for global granularity
 * @param values      objective name to value, names as in the experiment file ({@code accuracy}: top-1
 *                    in [0,1]; {@code throughput}: images/s; {@code latency}: s; {@code dsp}: slices)
 * @param constraints constraint name to violation, Optuna's convention: ≤ 0 is satisfied
 *                    ({@code accuracyDrop}: drop − allowed drop; {@code resources}: max used/limit − 1)
 * @param layers      per prunable layer statistics and its hardware stage
 * @param design      totals of the optimised accelerator design
 * @param startedAt   naive local timestamp, ISO-8601 with microseconds
 * @param completedAt naive local timestamp, ISO-8601 with microseconds
 * @param oracleSeconds wall time of the accuracy oracle
 * @param dseSeconds  wall time of the hardware DSE
 * @param error       failure message when state is FAIL, else null
 * @param fidelity    what the trial was measured at, in a search that screens (multi-fidelity); null (older logs,
 *                    searches without screening) is the full fidelity
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trial(
        int number,
        String algorithm,
        long seed,
        int generation,
        TrialState state,
        Map<String, Double> params,
        Map<String, Double> values,
        Map<String, Double> constraints,
        List<LayerStats> layers,
        DesignSummary design,
        String startedAt,
        String completedAt,
        double oracleSeconds,
        double dseSeconds,
        String error,
        Fidelity fidelity) {

    /** Missing maps and lists (older logs, FAIL trials) read as empty, never null. */
    @JsonCreator
    public Trial {
        params = params == null ? Map.of() : params;
        values = values == null ? Map.of() : values;
        constraints = constraints == null ? Map.of() : constraints;
        layers = layers == null ? List.of() : layers;
    }

    /** A trial at the full fidelity (every trial of a search that does not screen). */
    public Trial(int number, String algorithm, long seed, int generation, TrialState state, Map<String, Double> params,
                 Map<String, Double> values, Map<String, Double> constraints, List<LayerStats> layers, DesignSummary design,
                 String startedAt, String completedAt, double oracleSeconds, double dseSeconds, String error) {
        this(number, algorithm, seed, generation, state, params, values, constraints, layers, design, startedAt, completedAt,
                oracleSeconds, dseSeconds, error, null);
    }

    public boolean complete() { return state == TrialState.COMPLETE; }

    /** Measured at the search's full fidelity: not a screen. */
    public boolean fullFidelity() { return fidelity == null || fidelity.full(); }

    /**
     * The one rule of which trials count as designs: feasible and measured at full fidelity. Fronts, hypervolumes,
     * best designs, finalists, export and the tables all pick from these; a screen's objectives come from a few
     * images and only steer the search.
     */
    public boolean counts() { return feasible() && fullFidelity(); }

    /** What the trial cost, in full evaluations (a screen: its share of a full evaluation's images). */
    public double cost() { return fidelity == null ? 1 : fidelity.cost(); }

    /** The one feasibility rule (Optuna's): complete and every constraint violation ≤ 0. */
    public boolean feasible() {
        return complete() && constraints.values().stream().allMatch(v -> v != null && v <= 0);
    }

    /**
     * The fidelity a trial was measured at.
     *
     * @param level            {@link #SCREEN} or {@link #FULL}
     * @param evaluationImages validation images its accuracy is measured on
     * @param histogramImages  calibration images its sparsities and histograms are measured on
     * @param fineTuneSteps    masked fine-tune steps before measuring
     * @param cost             its charge to the search budget in full evaluations: 1 for {@link #FULL}; for a
     *                         screen, its images over a full evaluation's (validation + calibration)
     */
    public record Fidelity(String level, int evaluationImages, int histogramImages, int fineTuneSteps, double cost) {
        public static final String SCREEN = "screen", FULL = "full";

            public boolean full() { return FULL.equals(level); }
    }

    /**
     * @param weightSparsity     fraction of zero weights after τ_w
     * @param activationSparsity fraction of zero input activations after τ_a (calibration set)
     * @param productSparsity    mean fraction of zero activation×weight products per window
     * @param cycles             the stage's cycles per frame in the design
     * @param dsp                DSP slices of the stage
     * @param bottleneck         true for the stage that sets the interval
     */
    public record LayerStats(String name, double weightSparsity, double activationSparsity,
                             double productSparsity, long cycles, long denseCycles, long dsp, boolean bottleneck) {}

    /** Totals of the design; resources in board units, fractions of the board's limits. */
    public record DesignSummary(String platform, double throughput, double latencySeconds, long intervalCycles,
                                long dsp, long bram, long lut, long ff, long uram,
                                double dspFraction, double bramFraction, double lutFraction, double ffFraction,
                                String bottleneck, double boundRatio, boolean feasible) {}
}
