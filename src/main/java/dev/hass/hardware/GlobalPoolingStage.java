package dev.hass.hardware;

/**
 * Global average pooling: accumulates rows·cols words per channel, emits C/coarse words per stream.
 * It reads the whole map, so its latency is rows·cols·C/coarse (the reference's C/coarse is quirk 2).
 */
public final class GlobalPoolingStage extends CoarseStage {

    public GlobalPoolingStage(String name, FeatureMap input, int dataBits) { super(name, input, dataBits); }

    @Override public FeatureMap output() { return new FeatureMap(1, 1, input.channels()); }

    /** Quirk 2: the reference's latency, C/coarse. */
    public long referenceLatency(int coarse) { return input.channels() / coarse; }

    @Override
    public long pipelineDepth(int coarse) { return input.words() / coarse; }

    @Override
    public Resources resources(int coarse) {
        long[] logic = LogicModel.globalPooling(dataBits, coarse);
        return new Resources(2L * coarse, 0, logic[0], logic[1], 0);   // accumulate + average: 2 DSP per stream
    }
}
