package dev.hass.hardware.board;

/**
 * An FPGA board: resource limits, clock and off-chip bandwidth. Built-in boards live in
 * {@code dev/hass/hardware/platforms/*.json} (see {@link Platforms}); users can load their own.
 *
 * @param bram18 BRAM in BRAM18 units (one BRAM36 = 2)
 * @param frequencyMhz clock of the accelerator
 * @param dramGbps off-chip memory bandwidth in Gb/s
 */
public record Platform(String name, String part, long dsp, long bram18, long uram, long lut, long ff,
                       double frequencyMhz, double dramGbps) {

    public Platform {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("platform name must not be empty");
        if (dsp <= 0) throw new IllegalArgumentException("platform " + name + ": dsp must be > 0, got " + dsp);
        if (bram18 < 0 || uram < 0 || lut <= 0 || ff <= 0) {
            throw new IllegalArgumentException("platform " + name + ": resources must be >= 0 (lut, ff > 0)");
        }
        if (!(frequencyMhz > 0)) throw new IllegalArgumentException("platform " + name + ": frequencyMhz must be > 0, got " + frequencyMhz);
        if (!(dramGbps > 0)) throw new IllegalArgumentException("platform " + name + ": dramGbps must be > 0, got " + dramGbps);
    }

    /** The board's resources as limits (BRAM in BRAM18 units). */
    public Resources limits() {
        return new Resources(dsp, bram18, lut, ff, uram);
    }

    /** Clock in Hz. */
    public double frequencyHz() {
        return frequencyMhz * 1e6;
    }
}
