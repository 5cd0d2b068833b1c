package dev.hass.hardware.stage;

/** Fixed-point widths in bits of activations (data), weights and accumulators. */
public record Widths(int data, int weight, int acc) {
    public static final Widths DEFAULT = new Widths(16, 16, 32);

    public Widths {
        if (data < 1 || weight < 1 || acc < 1) {
            throw new IllegalArgumentException("widths must be positive bits, got " + data + "/" + weight + "/" + acc);
        }
    }

    /** Multipliers packed per DSP slice: 1 at >8 bits, 2 when data and weights are ≤8, 4 when ≤4. */
    public int multipliersPerDsp() {
        int w = Math.max(data, weight);
        return w <= 4 ? 4 : w <= 8 ? 2 : 1;
    }
}
