package dev.hass.hardware.memory;

import dev.hass.hardware.board.Resources;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;

/**
 * A conv or inner-product stage whose weights are placed somewhere other than the BRAM18 of its
 * on-chip cost model. Latency, rates, depth, DSP and logic are the on-chip stage's; only where the
 * weight arrays live changes, so subclasses say just how the resources move.
 */
public abstract sealed class WeightPlacement implements Stage permits UramWeights, OffChipWeights {
    protected final Stage s;

    protected WeightPlacement(Stage stage, String whatMoves) {
        if (!WeightMemory.holdsWeights(stage) || stage instanceof WeightPlacement) {
            throw new IllegalArgumentException("only conv and inner-product stages in BRAM can " + whatMoves + ", not " + stage.name());
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

    /** This stage's metrics from the on-chip stage's at the same folding (no second evaluation). */
    public StageMetrics fromOnChip(StageMetrics m, Folding folding) {
        return new StageMetrics(m.latency(), m.rateIn(), m.rateOut(), m.pipelineDepth(), m.sizeIn(), m.sizeOut(),
                m.streamsIn(), m.streamsOut(), placed(m.resources(), folding));
    }

    /** BRAM without the on-chip model's weight arrays. */
    protected long bramWithoutWeights(Resources onChip, Folding folding) {
        return Math.max(0, onChip.bram() - WeightMemory.weightBram(s, folding));
    }

    /** The on-chip stage's resources with the weights moved. */
    protected abstract Resources placed(Resources onChip, Folding folding);

    @Override public String toString() { return getClass().getSimpleName() + "[" + s + "]"; }
}
