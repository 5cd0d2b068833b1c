package dev.hass.hardware.reference;

import dev.hass.hardware.Folding;
import dev.hass.hardware.GlobalPoolingStage;
import dev.hass.hardware.InnerProductStage;
import dev.hass.hardware.PointwiseSparseConvStage;
import dev.hass.hardware.SparseConvStage;
import dev.hass.hardware.Stage;

/**
 * The latency the fpgaConvNet reference reports for a stage, bugs included (README quirks 1–3), for
 * reproducing the reference's own interval and throughput figures. Our models ({@link Stage#evaluate})
 * use the correct values; use this only to compare with the reference.
 */
public final class ReferenceQuirks {
    private ReferenceQuirks() {}

    /**
     * Quirk 1: sparse and pointwise bounds use rows² (sparse with optimised, pointwise with naive
     * interleaving); quirk 2: global pooling takes channels/coarse; quirk 3: inner product never below
     * rows·cols·C. Other stages: our latency.
     */
    public static long latency(Stage stage, Folding folding) {
        if (stage instanceof SparseConvStage s && folding instanceof Folding.Conv f) {
            return s.referenceLatencyRowsSquared(f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine(), true);
        }
        if (stage instanceof PointwiseSparseConvStage p && folding instanceof Folding.Conv f) {
            return p.referenceLatencyRowsSquared(f.coarseIn(), f.coarseOut(), f.coarseGroup(), false);
        }
        if (stage instanceof GlobalPoolingStage g && folding instanceof Folding.Coarse c) {
            return g.referenceLatency(c.coarse());
        }
        if (stage instanceof InnerProductStage ip && folding instanceof Folding.InnerProduct f) {
            return ip.referenceLatency(f.coarseIn(), f.coarseOut());
        }
        return stage.evaluate(folding).latency();
    }
}
