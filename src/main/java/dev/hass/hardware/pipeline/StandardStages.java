package dev.hass.hardware.pipeline;

import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.memory.OffChipWeights;
import dev.hass.hardware.memory.UramWeights;
import dev.hass.hardware.stage.ActivationStage;
import dev.hass.hardware.stage.ConvSpec;
import dev.hass.hardware.stage.ConvStage;
import dev.hass.hardware.stage.DenseConvStage;
import dev.hass.hardware.stage.EltwiseStage;
import dev.hass.hardware.stage.FeatureMap;
import dev.hass.hardware.stage.GlobalPoolingStage;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.Padding;
import dev.hass.hardware.stage.PoolingStage;
import dev.hass.hardware.stage.SplitStage;
import dev.hass.hardware.stage.SqueezeStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.Widths;
import java.util.List;

/** The standard cost models (one per layer kind) behind {@link Lowering#lower(Network, java.util.Map, Widths)}. */
final class StandardStages implements Lowering.StageFactory {
    private final Widths widths;

    private StandardStages(Widths widths) { this.widths = widths; }

    static StandardStages of(Widths widths) { return new StandardStages(widths); }

    private static FeatureMap map(TensorShape s) { return new FeatureMap(s.rows(), s.cols(), s.channels()); }

    @Override
    public Stage conv(String name, Op.Conv op, TensorShape in, ChannelHistograms histograms, boolean bias) {
        ConvSpec spec = new ConvSpec(map(in), op.filters(), op.kernelRows(), op.kernelCols(), op.strideRows(), op.strideCols(),
                new Padding(op.padTop(), op.padRight(), op.padBottom(), op.padLeft()), op.groups(), bias, false, false);
        return ConvStage.of(name, spec, widths, histograms);
    }

    @Override
    public Stage innerProduct(String name, Op.InnerProduct op, TensorShape in) {
        return new InnerProductStage(name, map(in), op.outFeatures(), op.bias(), widths);
    }

    @Override
    public Stage pool(String name, Op.Pool op, TensorShape in) {
        PoolingStage.Type t = op.type() == Op.PoolKind.MAX ? PoolingStage.Type.MAX : PoolingStage.Type.AVG;
        return new PoolingStage(name, map(in), t, op.kernelRows(), op.kernelCols(), op.strideRows(), op.strideCols(),
                new Padding(op.padTop(), op.padRight(), op.padBottom(), op.padLeft()), widths.data());
    }

    @Override
    public Stage globalPool(String name, Op.GlobalPool op, TensorShape in) {
        return new GlobalPoolingStage(name, map(in), widths.data());
    }

    @Override
    public Stage activation(String name, Op.Activation op, TensorShape in) {
        ActivationStage.Function f = switch (op.type()) {
            case RELU -> ActivationStage.Function.RELU;
            case RELU6 -> ActivationStage.Function.RELU6;
            case HARDSWISH -> ActivationStage.Function.HARDSWISH;
            case HARDSIGMOID -> ActivationStage.Function.HARDSIGMOID;
            case SIGMOID -> ActivationStage.Function.SIGMOID;
        };
        return new ActivationStage(name, map(in), f, widths.data());
    }

    @Override
    public Stage batchNorm(String name, TensorShape in) {
        return new ActivationStage(name, map(in), ActivationStage.Function.BATCHNORM, widths.data());
    }

    @Override
    public Stage eltwise(String name, Op.Eltwise op, List<TensorShape> in) {
        TensorShape full = in.get(0);
        for (TensorShape s : in) if (s.elements() > full.elements()) full = s;
        boolean broadcast = false;
        for (TensorShape s : in) if (!s.equals(full)) broadcast = true;
        EltwiseStage.Op o = op.type() == Op.EltwiseKind.ADD ? EltwiseStage.Op.ADD : EltwiseStage.Op.MUL;
        return new EltwiseStage(name, map(full), o, in.size(), broadcast, widths.data());
    }

    @Override
    public Stage split(String name, TensorShape in, int outputs) {
        return new SplitStage(name, map(in), outputs, widths.data());
    }

    /**
     * Conv and inner-product stages may stream their weights from off-chip memory or keep them in URAM
     * instead; a sparse conv may also run on the dense engine (fewer LUTs, no zero skipping), so that a
     * sparse network is never slower than the dense one for want of logic.
     */
    @Override
    public List<Stage> alternatives(Stage stage) {
        if (stage instanceof ConvStage c && c.kind() != ConvStage.Kind.DENSE) {
            Stage dense = new DenseConvStage(c.name(), c.spec(), c.widths());
            return List.of(new OffChipWeights(stage), new UramWeights(stage), dense, new OffChipWeights(dense), new UramWeights(dense));
        }
        if (stage instanceof ConvStage || stage instanceof InnerProductStage) {
            return List.of(new OffChipWeights(stage), new UramWeights(stage));
        }
        return List.of();
    }

    @Override
    public Stage squeeze(String name, TensorShape shape, int streamsIn, int streamsOut) {
        return new SqueezeStage(name, map(shape), streamsIn, streamsOut, widths.data());
    }
}
