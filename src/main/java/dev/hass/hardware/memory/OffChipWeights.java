package dev.hass.hardware.memory;

import dev.hass.hardware.board.Resources;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;

/**
 * A conv or inner-product stage whose weights stream from off-chip memory while it runs instead of
 * living in BRAM/URAM (fpgaConvNet's {@code stream_weights}): its weight arrays cost no BRAM or URAM,
 * and each frame reads every weight as often as the stage uses it without an on-chip copy
 * ({@link WeightMemory#reusePerFrame}: once per output window of a conv, once per frame of an inner
 * product), which the design adds to the off-chip traffic (throughput slows down when the board's
 * bandwidth is exceeded). Same latency, rates, depth and logic as the on-chip stage.
 */
public final class OffChipWeights extends WeightPlacement {
    private final long bitsPerFrame;

    public OffChipWeights(Stage stage) {
        super(stage, "stream their weights");
        this.bitsPerFrame = WeightMemory.streamedBitsPerFrame(stage);
    }

    /** Bits read from off-chip memory per frame: weight bits × reuse per frame. */
    public long weightBitsPerFrame() { return bitsPerFrame; }

    @Override
    protected Resources placed(Resources r, Folding folding) {
        // URAM only ever holds weights; BRAM loses exactly the weight arrays of the on-chip cost model
        return new Resources(r.dsp(), bramWithoutWeights(r, folding), r.lut(), r.ff(), 0);
    }
}
