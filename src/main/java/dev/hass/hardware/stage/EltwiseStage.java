package dev.hass.hardware.stage;

import dev.hass.hardware.board.Memory;
import dev.hass.hardware.board.Resources;

/**
 * Element-wise add or multiply of {@code portsIn} maps of the same shape, one word per cycle per
 * stream. With {@code broadcast} the second input is C×1×1 (squeeze-excite: a per-channel scale of a
 * C×H×W map): its C/coarse words per stream are buffered and reused for every pixel.
 */
public final class EltwiseStage extends CoarseStage {
    public enum Op { ADD, MUL }

    private final Op op;
    private final int portsIn;
    private final boolean broadcast;

    public EltwiseStage(String name, FeatureMap input, Op op, int portsIn, boolean broadcast, int dataBits) {
        super(name, input, dataBits);
        if (portsIn < 2) throw new IllegalArgumentException("eltwise " + name + ": needs at least 2 inputs, got " + portsIn);
        if (broadcast && portsIn != 2) throw new IllegalArgumentException("eltwise " + name + ": broadcast needs exactly 2 inputs");
        this.op = op;
        this.portsIn = portsIn;
        this.broadcast = broadcast;
    }

    /** Two same-shape inputs, 16-bit. */
    public static EltwiseStage of(String name, FeatureMap input, Op op) { return new EltwiseStage(name, input, op, 2, false, 16); }

    public Op op() { return op; }

    public int portsIn() { return portsIn; }

    public boolean broadcast() { return broadcast; }

    @Override public FeatureMap output() { return input; }

    @Override
    public Resources resources(int coarse) {
        long dsp = op == Op.MUL ? coarse : 0;   // one multiplier per stream, as the reference counts it
        long bram = broadcast ? Memory.bram18(input.channels() / coarse, dataBits) * coarse : 0;
        long[] logic = LogicModel.eltwise(op, portsIn, dataBits, coarse);
        return new Resources(dsp, bram, logic[0], logic[1], 0);
    }
}
