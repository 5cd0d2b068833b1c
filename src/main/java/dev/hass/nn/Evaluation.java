package dev.hass.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/** Top-1 accuracy in inference mode, one sub-manager per batch. */
public final class Evaluation {
    private Evaluation() {}

    /** Top-1 accuracy of {@code model} on the first {@code limit} of {@code images}. */
    public static double accuracy(ZooModel model, Images images, int limit, int batch, NDManager manager) {
        if (Math.min(limit, images.count()) == 0) throw new IllegalArgumentException("no images to evaluate");
        try (NDManager m = manager.newSubManager(); ImageBatches batches = new ImageBatches(images, limit, m)) {
            return accuracy(model, batches, limit, batch, manager);
        }
    }

    /** Top-1 accuracy of {@code model} on the first {@code limit} of {@code images} (already in native memory). */
    public static double accuracy(ZooModel model, ImageBatches images, int limit, int batch, NDManager manager) {
        int n = Math.min(limit, images.count());
        if (n == 0) throw new IllegalArgumentException("no images to evaluate");
        long correct = 0;
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            try (NDManager sub = manager.newSubManager()) {
                int[] pred = model.predict(sub, images.batch(start, b, sub)).argMax(1).toType(DataType.INT32, false).toIntArray();
                for (int i = 0; i < b; i++) if (pred[i] == images.label(start + i)) correct++;
            }
        }
        return correct / (double) n;
    }

    /** Images {@code start .. start+b} as an {@code b × 1 × 28 × 28} array in {@code m}. */
    public static NDArray batchImages(NDManager m, Images images, int start, int b) {
        float[] px = Arrays.copyOfRange(images.pixels(), start * Images.PIXELS, (start + b) * Images.PIXELS);
        return m.create(px, new Shape(b, 1, Images.SIDE, Images.SIDE));
    }
}
