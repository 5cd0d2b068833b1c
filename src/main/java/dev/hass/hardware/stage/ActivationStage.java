package dev.hass.hardware.stage;

import dev.hass.hardware.board.Memory;
import dev.hass.hardware.board.Resources;

/**
 * Element-wise activation (and standalone batch norm): one word per cycle per stream, no fill
 * latency. ReLU is the reference's ReLULayer; the others are not in the reference and are costed
 * like ReLU with their own datapath estimate (see {@link LogicModel#activation}):
 * ReLU6 (two comparators), HardSigmoid (add, constant multiply by 1/6, clamp: 1 DSP),
 * HardSwish (HardSigmoid then a multiply: 2 DSP), Sigmoid (piecewise-linear, 1 DSP + a small
 * coefficient table), BatchNorm (per-channel scale and shift: 1 DSP, coefficients in memory).
 */
public final class ActivationStage extends CoarseStage {
    public enum Function { RELU, RELU6, HARDSIGMOID, HARDSWISH, SIGMOID, BATCHNORM }

    private final Function function;

    public ActivationStage(String name, FeatureMap input, Function function, int dataBits) {
        super(name, input, dataBits);
        this.function = function;
    }

    public Function function() { return function; }

    @Override public FeatureMap output() { return input; }

    /** DSP slices per stream. */
    public int dspPerStream() {
        return switch (function) {
            case RELU, RELU6 -> 0;
            case HARDSIGMOID, SIGMOID, BATCHNORM -> 1;
            case HARDSWISH -> 2;
        };
    }

    @Override
    public Resources resources(int coarse) {
        long bram = 0;
        // batch norm keeps scale and shift per channel: C/coarse words of 2·data bits per stream
        if (function == Function.BATCHNORM) bram = Memory.bram18(input.channels() / coarse, 2 * dataBits) * coarse;
        long[] logic = LogicModel.activation(function, dataBits, coarse);
        return new Resources((long) dspPerStream() * coarse, bram, logic[0], logic[1], 0);
    }
}
