package dev.hass.hardware;

/**
 * A conv or inner-product stage whose weights live in URAM instead of BRAM18 (rules in
 * {@link WeightMemory}): the weight arrays' BRAM is replaced by URAM blocks; latency, rates, depth,
 * DSP and logic are the on-chip stage's.
 */
public final class UramWeights implements Stage {
    private final Stage s;

    public UramWeights(Stage stage) {
        if (!WeightMemory.holdsWeights(stage) || stage instanceof UramWeights || stage instanceof OffChipWeights) {
            throw new IllegalArgumentException("only conv and inner-product stages in BRAM can move weights to URAM, not " + stage.name());
        }
        this.s = stage;
    }

    public Stage onChip() { return s; }

    @Override public String name() { return s.name(); }

    @Override public FoldingSpace space() { return s.space(); }

    @Override public double expectedMultiplierCycles() { return s.expectedMultiplierCycles(); }

    @Override
    public StageMetrics evaluate(Folding folding) {
        return fromOnChip(s.evaluate(folding), folding);
    }

    /** This stage's metrics from the BRAM stage's at the same folding. */
    public StageMetrics fromOnChip(StageMetrics m, Folding folding) {
        Resources r = m.resources();
        long bram = Math.max(0, r.bram() - WeightMemory.weightBram(s, folding));
        long uram = r.uram() > 0 ? r.uram() : WeightMemory.uramBlocks(s, folding);
        return new StageMetrics(m.latency(), m.rateIn(), m.rateOut(), m.pipelineDepth(), m.sizeIn(), m.sizeOut(),
                m.streamsIn(), m.streamsOut(), new Resources(r.dsp(), bram, r.lut(), r.ff(), uram));
    }

    @Override public String toString() { return "UramWeights[" + s + "]"; }
}
