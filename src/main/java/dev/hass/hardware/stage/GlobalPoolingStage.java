package dev.hass.hardware.stage;

import dev.hass.hardware.board.Resources;

/**
 * Global average pooling: accumulates rows·cols words per channel, emits C/coarse words per stream.
 * It reads the whole map, so its latency is rows·cols·C/coarse.
 */
public final class GlobalPoolingStage extends CoarseStage {

    private final int accBits;

    /** Accumulator width defaults to twice the data width. */
    public GlobalPoolingStage(String name, FeatureMap input, int dataBits) { this(name, input, dataBits, 2 * dataBits); }

    public GlobalPoolingStage(String name, FeatureMap input, int dataBits, int accBits) {
        super(name, input, dataBits);
        if (accBits < 1) throw new IllegalArgumentException("global pooling " + name + ": accumulator width must be positive");
        this.accBits = accBits;
    }

    @Override public FeatureMap output() { return new FeatureMap(1, 1, input.channels()); }

    @Override
    public long pipelineDepth(int coarse) { return input.words() / coarse; }

    @Override
    public Resources resources(int coarse) {
        long[] logic = LogicModel.globalPooling(dataBits, accBits, (long) input.rows() * input.cols(), input.channels() / coarse, coarse);
        return new Resources(2L * coarse, 0, logic[0], logic[1], 0);   // accumulate + average: 2 DSP per stream
    }
}
