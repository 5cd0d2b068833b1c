package dev.hass.hardware;

/**
 * A conv or inner-product stage whose weights stream from off-chip memory every frame instead of
 * living in BRAM (fpgaConvNet's {@code stream_weights}): its weight arrays cost no BRAM, and each frame
 * reads all its weights, which the design adds to the off-chip traffic (throughput slows down when the
 * board's bandwidth is exceeded). Same latency, rates, depth and logic as the on-chip stage.
 */
public final class OffChipWeights implements Stage {
    private final Stage s;
    private final long weightBits;

    public OffChipWeights(Stage stage) {
        if (!(stage instanceof ConvStage) && !(stage instanceof InnerProductStage)) {
            throw new IllegalArgumentException("only conv and inner-product stages hold weights, not " + stage.name());
        }
        this.s = stage;
        this.weightBits = weights() * widths().weight();
    }

    public Stage onChip() { return s; }

    /** Bits read from off-chip memory per frame. */
    public long weightBitsPerFrame() { return weightBits; }

    private Widths widths() {
        return s instanceof ConvStage c ? c.widths() : ((InnerProductStage) s).widths();
    }

    private long weights() {
        if (s instanceof ConvStage c) {
            ConvSpec sp = c.spec();
            return (long) (sp.filters() / sp.groups()) * sp.input().channels() * sp.kernelSize();
        }
        InnerProductStage ip = (InnerProductStage) s;
        return ip.input().words() * ip.filters();
    }

    @Override public String name() { return s.name(); }

    @Override public FoldingSpace space() { return s.space(); }

    @Override public double expectedMultiplierCycles() { return s.expectedMultiplierCycles(); }

    @Override
    public StageMetrics evaluate(Folding folding) {
        return fromOnChip(s.evaluate(folding), folding);
    }

    /** This stage's metrics from the on-chip stage's at the same folding (no second evaluation). */
    public StageMetrics fromOnChip(StageMetrics m, Folding folding) {
        long arrays;
        if (folding instanceof Folding.Conv f) arrays = ConvStage.multipliers(f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine());
        else if (folding instanceof Folding.InnerProduct f) arrays = (long) f.coarseIn() * f.coarseOut();
        else throw new IllegalArgumentException("stage " + name() + " needs a conv or inner-product folding, got " + folding);
        // the weight memory the on-chip stage has (same arithmetic as its cost model); URAM weights likewise
        long depth = ConvStage.ceilDiv(weights(), arrays);
        long weightBram = Memory.bram18(depth, widths().weight()) * arrays;
        Resources r = m.resources();
        Resources off = new Resources(r.dsp(), Math.max(0, r.bram() - (r.uram() > 0 ? 0 : weightBram)), r.lut(), r.ff(), 0);
        return new StageMetrics(m.latency(), m.rateIn(), m.rateOut(), m.pipelineDepth(), m.sizeIn(), m.sizeOut(),
                m.streamsIn(), m.streamsOut(), off);
    }

    @Override public String toString() { return "OffChipWeights[" + s + "]"; }
}
