package dev.hass.search;

import dev.hass.study.Trial;
import java.util.List;
import java.util.Map;

/**
 * What scoring one candidate measured, before it becomes a {@link Trial}.
 *
 * @param metrics     every measured metric by name ({@code accuracy}, {@code throughput}, {@code latency},
 *                    {@code dsp}); the trial keeps those that are objectives
 * @param constraints violation per constraint, Optuna's convention (≤ 0 satisfied)
 * @param error       non-null when the candidate could not be scored
 */
public record Score(Map<String, Double> metrics, Map<String, Double> constraints, List<Trial.LayerStats> layers,
                    Trial.DesignSummary design, double oracleSeconds, double dseSeconds, String error) {

    public static Score failed(String error, double oracleSeconds, double dseSeconds) {
        return new Score(Map.of(), Map.of(), null, null, oracleSeconds, dseSeconds, error);
    }

    public boolean ok() { return error == null; }
}
