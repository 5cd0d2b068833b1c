package dev.hass.oracle;

import java.util.Map;

/**
 * The outcome of one candidate.
 *
 * @param accuracy     top-1 on the validation images scored (0..1)
 * @param layers       per prunable layer (in forward order), its sparsity on the calibration subset
 * @param seconds      wall time of the evaluation
 * @param testAccuracy top-1 on the first {@link Fidelity#testImages()} images of the test file, of the same
 *                     (fine-tuned) model; null when the fidelity asks for none
 */
public record OracleResult(double accuracy, Map<String, LayerSparsity> layers, double seconds, Double testAccuracy) {
    public OracleResult {
        layers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layers));
    }

    /** Without a test measurement. */
    public OracleResult(double accuracy, Map<String, LayerSparsity> layers, double seconds) {
        this(accuracy, layers, seconds, null);
    }
}
