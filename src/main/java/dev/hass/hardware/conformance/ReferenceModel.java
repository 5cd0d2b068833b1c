package dev.hass.hardware.conformance;

import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.ConvSpec;
import dev.hass.hardware.stage.ConvStage;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.GlobalPoolingStage;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import dev.hass.hardware.stage.Widths;
import java.util.List;
import java.util.Map;

/**
 * The reference's arithmetic where it differs from ours in documented ways (conformance README quirks):
 * sparse and pointwise latency bounds use rows² (quirk 1), global pooling takes channels/coarse cycles
 * (quirk 2), inner product never goes below rows·cols·C (quirk 3), and the rates of a sparse conv are
 * its words over the latency before rounding up. Only for checking against reference runs: designs
 * are evaluated and optimised with the correct model.
 */
final class ReferenceModel {
    private ReferenceModel() {}

    /** Lowers like {@link Lowering#lower(Network, Map, Widths)} with every stage computing as the reference. */
    public static Pipeline lower(Network network, Map<String, ChannelHistograms> histograms, Widths widths) {
        Lowering.StageFactory std = Lowering.standard(widths);
        Lowering.StageFactory f = new Lowering.StageFactory() {
            @Override public Stage conv(String n, Op.Conv op, TensorShape in, ChannelHistograms h, boolean bias) { return new Quirky(std.conv(n, op, in, h, bias)); }
            @Override public Stage innerProduct(String n, Op.InnerProduct op, TensorShape in) { return new Quirky(std.innerProduct(n, op, in)); }
            @Override public Stage pool(String n, Op.Pool op, TensorShape in) { return std.pool(n, op, in); }
            @Override public Stage globalPool(String n, Op.GlobalPool op, TensorShape in) { return new Quirky(std.globalPool(n, op, in)); }
            @Override public Stage activation(String n, Op.Activation op, TensorShape in) { return std.activation(n, op, in); }
            @Override public Stage batchNorm(String n, TensorShape in) { return std.batchNorm(n, in); }
            @Override public Stage eltwise(String n, Op.Eltwise op, List<TensorShape> in) { return std.eltwise(n, op, in); }
            @Override public Stage split(String n, TensorShape in, int outputs) { return std.split(n, in, outputs); }
            @Override public Stage squeeze(String n, TensorShape s, int a, int b) { return std.squeeze(n, s, a, b); }
        };
        return Lowering.lower(network, histograms, f);
    }

    /** A stage whose latency and rates are the reference's; everything else is the wrapped model's. */
    static final class Quirky implements Stage.Repriced {
        private final Stage s;

        Quirky(Stage s) { this.s = s; }

        @Override public Stage original() { return s; }

        @Override public String name() { return s.name(); }

        @Override public FoldingSpace space() { return s.space(); }

        @Override public double expectedMultiplierCycles() { return s.expectedMultiplierCycles(); }

        @Override
        public StageMetrics evaluate(Folding folding) {
            StageMetrics m = s.evaluate(folding);
            double exact;   // the reference's latency before rounding (for the rates)
            long latency;
            if (s instanceof SparseConvStage sc && folding instanceof Folding.Conv f) {
                double compute = sc.computeCycles(f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine(), true);
                exact = ReferenceQuirks.rowsSquaredExact(sc.spec(), compute, f.coarseIn() * f.coarseGroup(), f.coarseOut() * f.coarseGroup());
                latency = (long) Math.ceil(exact);
            } else if (s instanceof PointwiseSparseConvStage || s instanceof GlobalPoolingStage || s instanceof InnerProductStage) {
                latency = ReferenceQuirks.latency(s, folding);
                exact = latency;
            } else {
                return m;
            }
            double rateIn = rate(m.sizeIn(), exact);
            if (s instanceof ConvStage cs) {
                // the sliding window still reads the padded map: never faster than unpadded/padded words
                ConvSpec spec = cs.spec();
                rateIn = Math.min(rateIn, (double) spec.input().rows() * spec.input().cols() / ((double) spec.paddedRows() * spec.paddedCols()));
            }
            return new StageMetrics(latency, rateIn, rate(m.sizeOut(), exact), m.pipelineDepth(),
                    m.sizeIn(), m.sizeOut(), m.streamsIn(), m.streamsOut(), m.resources());
        }

        private static double rate(long size, double latency) { return latency <= 0 ? 1.0 : Math.min(1.0, size / latency); }
    }
}
