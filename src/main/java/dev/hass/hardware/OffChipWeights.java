package dev.hass.hardware;

/**
 * A conv or inner-product stage whose weights stream from off-chip memory while it runs instead of
 * living in BRAM/URAM (fpgaConvNet's {@code stream_weights}): its weight arrays cost no BRAM or URAM,
 * and each frame reads every weight as often as the stage uses it without an on-chip copy
 * ({@link WeightMemory#reusePerFrame}: once per output window of a conv, once per frame of an inner
 * product), which the design adds to the off-chip traffic (throughput slows down when the board's
 * bandwidth is exceeded). Same latency, rates, depth and logic as the on-chip stage.
 */
public final class OffChipWeights implements Stage {
    private final Stage s;
    private final long bitsPerFrame;

    public OffChipWeights(Stage stage) {
        if (!WeightMemory.holdsWeights(stage) || stage instanceof OffChipWeights || stage instanceof UramWeights) {
            throw new IllegalArgumentException("only conv and inner-product stages hold weights, not " + stage.name());
        }
        this.s = stage;
        this.bitsPerFrame = WeightMemory.streamedBitsPerFrame(stage);
    }

    public Stage onChip() { return s; }

    /** Bits read from off-chip memory per frame: weight bits × reuse per frame. */
    public long weightBitsPerFrame() { return bitsPerFrame; }

    @Override public String name() { return s.name(); }

    @Override public FoldingSpace space() { return s.space(); }

    @Override public double expectedMultiplierCycles() { return s.expectedMultiplierCycles(); }

    @Override
    public StageMetrics evaluate(Folding folding) {
        return fromOnChip(s.evaluate(folding), folding);
    }

    /** This stage's metrics from the on-chip stage's at the same folding (no second evaluation). */
    public StageMetrics fromOnChip(StageMetrics m, Folding folding) {
        Resources r = m.resources();
        // URAM only ever holds weights; BRAM loses exactly the weight arrays of the on-chip cost model
        Resources off = new Resources(r.dsp(), Math.max(0, r.bram() - WeightMemory.weightBram(s, folding)), r.lut(), r.ff(), 0);
        return new StageMetrics(m.latency(), m.rateIn(), m.rateOut(), m.pipelineDepth(), m.sizeIn(), m.sizeOut(),
                m.streamsIn(), m.streamsOut(), off);
    }

    @Override public String toString() { return "OffChipWeights[" + s + "]"; }
}
