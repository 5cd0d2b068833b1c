package dev.hass.hardware.stage;

/** Dense convolution: K²/fine cycles per window per (input channel, filter) pair on each stream. */
public final class DenseConvStage extends ConvStage {

    /** @param name stage name; @param spec geometry; @param widths fixed-point widths */
    public DenseConvStage(String name, ConvSpec spec, Widths widths) {
        super(name, spec, widths, Divisors.of(spec.kernelSize()));
    }

    @Override public Kind kind() { return Kind.DENSE; }

    /** The reference's dense convolution packs its streams (see {@link ConvStage#packsStreams}). */
    @Override public boolean packsStreams() { return true; }

    @Override
    protected long latency(int ci, int co, int cg, int fine) {
        double compute = spec.macs() / ((double) fine * ci * co * cg);
        return (long) Math.ceil(Math.max(compute, Math.max(inputBound(ci * cg), outputBound(co * cg))));
    }

    /** An adder tree of bit-length(fine) levels. */
    @Override protected int vectorDotDepth(int fine) { return 32 - Integer.numberOfLeadingZeros(fine); }

    @Override
    protected long accumulatorChannels(int ci, int cg, int fine) {
        return (long) spec.input().channels() * spec.kernelSize() / ((long) fine * ci * cg);
    }

    @Override protected double expectedNonZeroFraction() { return 1.0; }

    /** One window word per filter pass in, one product sum per cycle out. */
    @Override
    protected double[] vectorDotRates(int ci, int co, int cg, int fine) { return new double[] {1.0 / filtersPerUnit(co), 1.0, 1.0}; }
}
