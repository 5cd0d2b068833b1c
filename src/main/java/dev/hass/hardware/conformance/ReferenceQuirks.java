package dev.hass.hardware.conformance;

import dev.hass.hardware.stage.ConvSpec;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.GlobalPoolingStage;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.Stage;

/**
 * The fpgaConvNet reference's arithmetic where it differs from ours, bugs included (conformance README
 * quirks), for reproducing the reference's own figures. The stage classes compute the correct values;
 * these formulas live here so that only the conformance checks know the reference's mistakes.
 */
final class ReferenceQuirks {
    private ReferenceQuirks() {}

    /**
     * Quirk 1: sparse and pointwise bounds use rows² (sparse with optimised, pointwise with naive
     * interleaving); quirk 2: global pooling takes channels/coarse; quirk 3: inner product never below
     * rows·cols·C. Other stages: our latency.
     */
    public static long latency(Stage stage, Folding folding) {
        if (stage instanceof SparseConvStage s && folding instanceof Folding.Conv f) {
            return sparseLatency(s, f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine(), true);
        }
        if (stage instanceof PointwiseSparseConvStage p && folding instanceof Folding.Conv f) {
            return pointwiseLatency(p, f.coarseIn(), f.coarseOut(), f.coarseGroup(), false);
        }
        if (stage instanceof GlobalPoolingStage g && folding instanceof Folding.Coarse c) {
            return globalPoolingLatency(g, c.coarse());
        }
        if (stage instanceof InnerProductStage ip && folding instanceof Folding.InnerProduct f) {
            return innerProductLatency(ip, f.coarseIn(), f.coarseOut());
        }
        return stage.evaluate(folding).latency();
    }

    /** Quirk 1: the sparse conv's input and output bounds use rows² (no cols, no padding). */
    public static long sparseLatency(SparseConvStage s, int ci, int co, int cg, int fine, boolean optimisedInterleaving) {
        return rowsSquared(s.spec(), s.computeCycles(ci, co, cg, fine, optimisedInterleaving), ci * cg, co * cg);
    }

    /** Quirk 1 for pointwise layers: rows² bounds. */
    public static long pointwiseLatency(PointwiseSparseConvStage p, int ci, int co, int cg, boolean optimisedInterleaving) {
        return rowsSquared(p.spec(), p.computeCycles(ci, co, cg, optimisedInterleaving), ci * cg, co * cg);
    }

    /** The latency before rounding up when the input and output bounds use rows² (quirk 1). */
    static double rowsSquaredExact(ConvSpec spec, double compute, int streamsIn, int streamsOut) {
        double in = (double) spec.input().rows() * spec.input().rows() * spec.input().channels() / streamsIn;
        double out = (double) spec.rowsOut() * spec.rowsOut() * spec.filters() / streamsOut;
        return Math.max(compute, Math.max(in, out));
    }

    private static long rowsSquared(ConvSpec spec, double compute, int streamsIn, int streamsOut) {
        return (long) Math.ceil(rowsSquaredExact(spec, compute, streamsIn, streamsOut));
    }

    /** Quirk 2: global pooling takes C/coarse cycles (it ignores rows·cols). */
    public static long globalPoolingLatency(GlobalPoolingStage g, int coarse) { return g.input().channels() / coarse; }

    /** Quirk 3: the inner product never goes below rows·cols·C (a stale internal module). */
    public static long innerProductLatency(InnerProductStage ip, int ci, int co) {
        return Math.max(ip.latency(ci, co), Math.toIntExact(ip.input().words()));
    }

    /** Quirk 6: the inner product's DSP scaled by 0.5/0.25 without rounding. */
    public static double innerProductDsp(InnerProductStage ip, int ci, int co) {
        return (double) ci * co / ip.widths().multipliersPerDsp() + (ip.blockFloatingPoint() ? co : 0);
    }
}
