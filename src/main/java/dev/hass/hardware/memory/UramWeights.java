package dev.hass.hardware.memory;

import dev.hass.hardware.board.Resources;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;

/**
 * A conv or inner-product stage whose weights live in URAM instead of BRAM18 (rules in
 * {@link WeightMemory}): the weight arrays' BRAM is replaced by URAM blocks; latency, rates, depth,
 * DSP and logic are the on-chip stage's.
 */
public final class UramWeights extends WeightPlacement {
    public UramWeights(Stage stage) {
        super(stage, "move weights to URAM");
    }

    @Override
    protected Resources placed(Resources r, Folding folding) {
        long uram = r.uram() > 0 ? r.uram() : WeightMemory.uramBlocks(s, folding);
        return new Resources(r.dsp(), bramWithoutWeights(r, folding), r.lut(), r.ff(), uram);
    }
}
