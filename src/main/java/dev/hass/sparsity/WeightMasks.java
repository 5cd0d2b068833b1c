package dev.hass.sparsity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.hass.nn.Params;
import dev.hass.nn.PrunableBlock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning: every weight with {@code |w| < τ_w[l]} of prunable layer {@code l} becomes 0 (biases are
 * not pruned). The 0/1 masks are kept so that they can be re-applied after each fine-tuning step, which keeps
 * exactly the same weights at zero.
 */
public final class WeightMasks implements AutoCloseable {
    private final Map<PrunableBlock, NDArray> masks;
    private final NDManager manager;

    private WeightMasks(Map<PrunableBlock, NDArray> masks, NDManager manager) {
        this.masks = masks;
        this.manager = manager;
    }

    /**
     * Masks the weights of {@code layers} in place; layers absent from {@code thresholds} or with τ_w ≤ 0
     * are left alone. The masks live in a child of {@code parent}, released by {@link #close()}.
     */
    public static WeightMasks apply(List<PrunableBlock> layers, Map<String, Double> thresholds, NDManager parent) {
        NDManager m = parent.newSubManager();
        Map<PrunableBlock, NDArray> masks = new LinkedHashMap<>();
        for (PrunableBlock l : layers) {
            double tau = thresholds.getOrDefault(l.name(), 0.0);
            if (!(tau >= 0)) throw new IllegalArgumentException("weight threshold of " + l.name() + " must be >= 0, got " + tau);
            if (tau <= 0) continue;
            NDArray w = l.weight().getArray();
            NDArray mask;
            try (NDArray d = w.stopGradient(); NDArray a = d.abs(); NDArray keep = a.gte((float) tau)) {
                mask = keep.toType(DataType.FLOAT32, false);
            }
            mask.attach(m);
            masks.put(l, mask);
        }
        WeightMasks wm = new WeightMasks(masks, m);
        wm.reapply();
        return wm;
    }

    /** Zeroes the pruned weights again (after an optimiser step moved them). */
    public void reapply() {
        for (Map.Entry<PrunableBlock, NDArray> e : masks.entrySet()) Params.multiply(e.getKey().weight(), e.getValue());
    }

    /** Number of masked layers. */
    public int size() {
        return masks.size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
