package dev.hass.export;

import dev.hass.nn.Quantizer;

/**
 * One prunable layer's integer parameters as the fixed-point package holds them (docs/hardware.md, "Fixed-point
 * arithmetic"): the weights as integers of {@code weightFormat}; per output channel an optional multiplier
 * (BatchNorm's scale γ/√(σ²+ε) in {@code multiplierFormat}; null when the layer has no BatchNorm, i.e. ×1) and a
 * shift (bias, or BatchNorm's β + (b − μ)·scale) as an integer with
 * {@code data.F + weightFormat.F + multiplierFormat.F} fraction bits, the fraction bits of the epilogue's
 * result; and the activation threshold τ_a applied to the layer's input (float32, as the oracle holds it).
 *
 * @param weights    C order as the layer's weight tensor (F × C/g × K × K, or out × in), each in the
 *                   signed range of {@code weightFormat}
 * @param multiplier per output channel, or null (×1, no BatchNorm)
 * @param shift      per output channel
 */
public record IntegerLayer(String name, int[] weights, Quantizer weightFormat, int[] multiplier, Quantizer multiplierFormat,
                           long[] shift, float tauA) {
    /** Width of the BatchNorm multiplier: float32's 24-bit significand, as a fixed point fitted per layer. */
    public static final int MULTIPLIER_BITS = 24;

    public IntegerLayer {
        if ((multiplier == null) != (multiplierFormat == null)) {
            throw new IllegalArgumentException(name + ": multiplier and its format go together");
        }
        if (multiplier != null && multiplier.length != shift.length) {
            throw new IllegalArgumentException(name + ": " + multiplier.length + " multipliers for " + shift.length + " channels");
        }
    }

    /** Fraction bits of the multiplier (0 without BatchNorm: the multiplier is 1). */
    public int multiplierFraction() {
        return multiplierFormat == null ? 0 : multiplierFormat.fractionBits();
    }

    /** Fraction bits of the epilogue's result (and of {@link #shift}) for inputs with {@code dataFraction} fraction bits. */
    public int resultFraction(int dataFraction) {
        return dataFraction + weightFormat.fractionBits() + multiplierFraction();
    }
}
