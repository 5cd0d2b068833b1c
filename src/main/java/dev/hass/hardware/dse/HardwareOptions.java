package dev.hass.hardware.dse;

import dev.hass.hardware.stage.Widths;

/**
 * Design options independent of the board: batch size B (frames per batch), fixed-point widths, and
 * the fraction of every board resource a design may use (feasible when each resource ≤ limit × fraction).
 */
public record HardwareOptions(int batch, Widths widths, double resourceFraction) {
    public static final HardwareOptions DEFAULT = new HardwareOptions(256, Widths.DEFAULT, 0.9);

    public HardwareOptions {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        if (widths == null) throw new IllegalArgumentException("widths must be given");
        if (!(resourceFraction > 0 && resourceFraction <= 1)) {
            throw new IllegalArgumentException("resource fraction must be in (0, 1], got " + resourceFraction);
        }
    }

    public HardwareOptions withBatch(int b) { return new HardwareOptions(b, widths, resourceFraction); }

    public HardwareOptions withWidths(Widths w) { return new HardwareOptions(batch, w, resourceFraction); }

    public HardwareOptions withResourceFraction(double f) { return new HardwareOptions(batch, widths, f); }
}
