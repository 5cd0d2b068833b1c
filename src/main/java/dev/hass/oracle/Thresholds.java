package dev.hass.oracle;

import java.util.Map;

/**
 * Per-layer thresholds of one candidate, keyed by prunable-layer name. A layer missing from a map has
 * threshold 0 (weights: nothing pruned; activations: plain ReLU).
 *
 * @param weight     τ_w per layer: weights with {@code |w| < τ_w} become 0
 * @param activation τ_a per layer: the layer's input {@code x} becomes 0 unless {@code x > τ_a}
 */
public record Thresholds(Map<String, Double> weight, Map<String, Double> activation) {

    public Thresholds {
        weight = Map.copyOf(weight);
        activation = Map.copyOf(activation);
    }

    /** The dense model: no threshold anywhere. */
    public static Thresholds none() {
        return new Thresholds(Map.of(), Map.of());
    }

    public double weightOf(String layer) {
        return weight.getOrDefault(layer, 0.0);
    }

    public double activationOf(String layer) {
        return activation.getOrDefault(layer, 0.0);
    }
}
