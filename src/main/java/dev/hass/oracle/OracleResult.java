package dev.hass.oracle;

import java.util.Map;

/**
 * The outcome of one candidate.
 *
 * @param accuracy top-1 on the validation images scored (0..1)
 * @param layers   per prunable layer (in forward order), its sparsity on the calibration subset
 * @param seconds  wall time of the evaluation
 */
public record OracleResult(double accuracy, Map<String, LayerSparsity> layers, double seconds) {
    public OracleResult {
        layers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layers));
    }
}
