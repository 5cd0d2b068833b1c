package dev.hass.hardware;

import java.util.List;

/** The standard cost models (one per layer kind) behind {@link Lowering#lower(Network, java.util.Map, Widths)}. */
final class StandardStages implements Lowering.StageFactory {
    private final Widths widths;

    private StandardStages(Widths widths) { this.widths = widths; }

    static StandardStages of(Widths widths) { return new StandardStages(widths); }

    private static UnsupportedOperationException pending(String what) {
        return new UnsupportedOperationException(what + " stage: cost model not merged yet");
    }

    @Override public Stage conv(String name, Op.Conv op, TensorShape in, ChannelHistograms histograms) { throw pending("conv"); }

    @Override public Stage innerProduct(String name, Op.InnerProduct op, TensorShape in) { throw pending("inner product"); }

    @Override public Stage pool(String name, Op.Pool op, TensorShape in) { throw pending("pool"); }

    @Override public Stage globalPool(String name, Op.GlobalPool op, TensorShape in) { throw pending("global pool"); }

    @Override public Stage activation(String name, Op.Activation op, TensorShape in) { throw pending("activation"); }

    @Override public Stage batchNorm(String name, TensorShape in) { throw pending("batch norm"); }

    @Override public Stage eltwise(String name, Op.Eltwise op, List<TensorShape> in) { throw pending("eltwise"); }

    @Override public Stage split(String name, TensorShape in, int outputs) { throw pending("split"); }

    @Override public Stage squeeze(String name, TensorShape shape, int streamsIn, int streamsOut) { throw pending("squeeze"); }
}
