package dev.hass.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * A set of images copied once into native memory; a batch is a view of it. The oracle scores the same
 * validation and calibration images for every candidate, so copying them batch by batch from the Java arrays
 * (a heap copy and a direct buffer per batch) was repeated work and garbage.
 */
public final class ImageBatches implements AutoCloseable {
    private final NDArray all;
    private final int[] labels;

    /** The first {@code count} images of {@code images}, in {@code manager}. */
    public ImageBatches(Images images, int count, NDManager manager) {
        int n = Math.min(count, images.count());
        this.all = manager.create(Arrays.copyOf(images.pixels(), n * Images.PIXELS), new Shape(n, 1, Images.SIDE, Images.SIDE));
        this.labels = Arrays.copyOf(images.labels(), n);
    }

    public ImageBatches(Images images, NDManager manager) {
        this(images, images.count(), manager);
    }

    public int count() {
        return labels.length;
    }

    /** Label of image i. */
    public int label(int i) {
        return labels[i];
    }

    /** Images {@code start .. start+b} as a {@code b × 1 × 28 × 28} view, owned by {@code manager}. */
    public NDArray batch(int start, int b, NDManager manager) {
        NDArray x = all.get(new NDIndex("{}:{}", start, start + b));
        x.attach(manager);
        return x;
    }

    @Override
    public void close() {
        all.close();
    }
}
