package dev.hass.sparsity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.hass.nn.ImageBatches;
import dev.hass.nn.Images;
import dev.hass.nn.PrunableBlock;
import dev.hass.nn.ZooModel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs images through a (masked, thresholded) model in inference mode and profiles every prunable layer on
 * what it really reads: weight, input-activation and product sparsity, and for conv layers the window
 * zero-product histogram ({@link WindowHistogram}).
 */
public final class SparsityProfiler {
    private SparsityProfiler() {}

    /** Profiles {@code model} (its current weights and taps) over {@code images}, {@code batch} at a time. */
    public static Map<String, LayerProfile> profile(ZooModel model, Images images, int batch, NDManager manager) {
        try (NDManager m = manager.newSubManager(); ImageBatches batches = new ImageBatches(images, m)) {
            return profile(model, batches, images.count(), batch, manager);
        }
    }

    /** As above over the first {@code count} of {@code images} (already in native memory). */
    public static Map<String, LayerProfile> profile(ZooModel model, ImageBatches images, int count, int batch, NDManager manager) {
        Map<String, WindowHistogram> convs = new LinkedHashMap<>();
        Map<String, LinearStatistics> linears = new LinkedHashMap<>();
        try {
            for (PrunableBlock l : model.layers()) {
                float[] w = l.weight().getArray().toFloatArray();
                Consumer<NDArray> rec;
                if (l.spec().conv()) {
                    WindowHistogram h = new WindowHistogram(l.spec(), w);
                    convs.put(l.name(), h);
                    boolean thresholded = l.tap().threshold() > 0;   // its input is 0 or above τ_a
                    rec = x -> h.accumulate(x, thresholded);
                } else {
                    LinearStatistics s = new LinearStatistics(l.spec(), w);
                    linears.put(l.name(), s);
                    rec = s::accumulate;
                }
                l.tap().setRecorder(rec);
            }
            int n = Math.min(count, images.count());
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                try (NDManager sub = manager.newSubManager()) {
                    model.predict(sub, images.batch(start, b, sub));
                }
            }
        } finally {
            for (PrunableBlock l : model.layers()) l.tap().setRecorder(null);
        }
        Map<String, LayerProfile> out = new LinkedHashMap<>();
        for (PrunableBlock l : model.layers()) {
            out.put(l.name(), l.spec().conv() ? convs.get(l.name()).profile() : linears.get(l.name()).profile());
        }
        return out;
    }
}
