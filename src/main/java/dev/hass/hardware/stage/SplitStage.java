package dev.hass.hardware.stage;

import dev.hass.hardware.board.Resources;

/** Copies one stream bundle to {@code portsOut} consumers (fan-out of a branch), one word per cycle. */
public final class SplitStage extends CoarseStage {
    private final int portsOut;

    public SplitStage(String name, FeatureMap input, int portsOut, int dataBits) {
        super(name, input, dataBits);
        if (portsOut < 2) throw new IllegalArgumentException("split " + name + ": needs at least 2 outputs, got " + portsOut);
        this.portsOut = portsOut;
    }

    public int portsOut() { return portsOut; }

    @Override public FeatureMap output() { return input; }

    @Override
    public Resources resources(int coarse) {
        long[] logic = LogicModel.split(portsOut, dataBits, coarse);
        return new Resources(0, 0, logic[0], logic[1], 0);
    }
}
