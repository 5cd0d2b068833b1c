package dev.hass.hardware.board;

/** FPGA resources: DSP slices, BRAM18 units, LUTs, flip-flops, URAM blocks. */
public record Resources(long dsp, long bram, long lut, long ff, long uram) {
    public static final Resources ZERO = new Resources(0, 0, 0, 0, 0);

    public Resources plus(Resources o) {
        return new Resources(dsp + o.dsp, bram + o.bram, lut + o.lut, ff + o.ff, uram + o.uram);
    }

    /** True when every resource is within {@code limit × fraction}. */
    public boolean fitsWithin(Resources limit, double fraction) {
        return dsp <= limit.dsp * fraction && bram <= limit.bram * fraction && lut <= limit.lut * fraction
                && ff <= limit.ff * fraction && uram <= limit.uram * fraction;
    }
}
