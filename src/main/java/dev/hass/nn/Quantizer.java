package dev.hass.nn;

import ai.djl.ndarray.NDArray;

/**
 * Signed fixed point with {@code bits} bits of which {@code fractionBits} are fraction bits: the grid is
 * {@code k / 2^fractionBits} for integers {@code k} in {@code [-2^(bits-1), 2^(bits-1) - 1]}. Values are
 * rounded to the nearest grid point (ties away from zero, as a hardware rounder adding half an LSB to the
 * magnitude does) and saturated at the ends of the range.
 */
public record Quantizer(int bits, int fractionBits) {
    public static final String FORM = "W/F with 2 <= W <= 32 total bits and 0 <= F < W fraction bits, e.g. 16/8";

    public Quantizer {
        if (bits < 2 || bits > 32 || fractionBits < 0 || fractionBits >= bits) {
            throw new IllegalArgumentException("fixed point " + bits + "/" + fractionBits + ": expected " + FORM);
        }
    }

    /** Weights at {@code bits}: two integer bits (weights lie in [-2, 2)), the rest fraction. */
    public static Quantizer forWeights(int bits) {
        return new Quantizer(bits, bits - 2);
    }

    /**
     * The same width with as many integer bits as {@code maxAbs} needs (fraction bits given up one at a time):
     * a per-layer fixed point, as a dataflow accelerator can choose per stage. Fused RepVGG kernels (BatchNorm
     * and the 1×1 and identity branches folded in) reach 4, which two integer bits would clip.
     */
    public Quantizer fitting(double maxAbs) {
        int f = fractionBits;
        while (f > 0 && maxAbs > new Quantizer(bits, f).max()) f--;
        return f == fractionBits ? this : new Quantizer(bits, f);
    }

    /** {@link #fitting(double)} for the largest magnitude among {@code values}. */
    public Quantizer fitting(float[] values) {
        double maxAbs = 0;
        for (float v : values) maxAbs = Math.max(maxAbs, Math.abs(v));
        return fitting(maxAbs);
    }

    /** Activations at {@code bits}: half the bits integer, half fraction (post-ReLU values reach a few units). */
    public static Quantizer forActivations(int bits) {
        return new Quantizer(bits, bits / 2);
    }

    /** Parses {@code W/F}; throws {@link IllegalArgumentException} naming the text and the allowed form. */
    public static Quantizer parse(String text) {
        String[] p = text.trim().split("/", -1);
        if (p.length == 2) {
            try {
                return new Quantizer(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            } catch (NumberFormatException ignored) {
                // fall through to the message naming the form
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a fixed-point format: expected " + FORM);
    }

    public double scale() {
        return Math.scalb(1.0, fractionBits);
    }

    /** Smallest representable value, {@code -2^(bits-1) / 2^F}. */
    public double min() {
        return -Math.scalb(1.0, bits - 1) / scale();
    }

    /** Largest representable value, {@code (2^(bits-1) - 1) / 2^F}. */
    public double max() {
        return (Math.scalb(1.0, bits - 1) - 1) / scale();
    }

    /** The nearest grid point to {@code x}, saturated to [{@link #min()}, {@link #max()}]. */
    public double quantize(double x) {
        double k = Math.signum(x) * Math.floor(Math.abs(x) * scale() + 0.5);
        double lo = -Math.scalb(1.0, bits - 1), hi = Math.scalb(1.0, bits - 1) - 1;
        return Math.max(lo, Math.min(hi, k)) / scale();
    }

    public float[] quantize(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (float) quantize(values[i]);
        return out;
    }

    /** True when {@code x} is exactly a representable value. */
    public boolean onGrid(double x) {
        double k = x * scale();
        return k == Math.rint(k) && x >= min() && x <= max();
    }

    /** The same rounding on a tensor (a new array; the caller owns it). */
    public NDArray quantize(NDArray x) {
        double s = scale();
        try (NDArray a = x.abs(); NDArray as = a.mul((float) s); NDArray h = as.add(0.5f); NDArray f = h.floor();
             NDArray sg = x.sign(); NDArray k = f.mul(sg);
             NDArray c = k.clip(-Math.scalb(1.0, bits - 1), Math.scalb(1.0, bits - 1) - 1)) {
            return c.div((float) s);
        }
    }

    @Override
    public String toString() {
        return bits + "/" + fractionBits;
    }
}
