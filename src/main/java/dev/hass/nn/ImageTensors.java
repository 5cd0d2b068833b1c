package dev.hass.nn;

import java.nio.file.Path;
import java.util.List;

/**
 * Images of any size and channel count with their labels, image-major, ready to feed a network.
 *
 * @param pixels   {@code count × channels × height × width} floats
 * @param labels   class index per image
 * @param channels C
 * @param height   H
 * @param width    W
 * @param files    the file of each image, for messages (empty when the images come from one file)
 */
public record ImageTensors(float[] pixels, int[] labels, int channels, int height, int width, List<Path> files) {
    public ImageTensors {
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new IllegalArgumentException("pixels (" + pixels.length + ") != labels (" + labels.length + ") × "
                    + channels + " × " + height + " × " + width);
        }
        files = List.copyOf(files);
    }

    /** Fashion-MNIST images as 1 × 28 × 28 tensors (pixels in [0, 1], the zoo models' input). */
    public static ImageTensors of(Images images) {
        return new ImageTensors(images.pixels(), images.labels(), 1, Images.SIDE, Images.SIDE, List.of());
    }

    public int count() { return labels.length; }

    /** Floats per image. */
    public int imageSize() { return channels * height * width; }

    /** The images at the given indices, in that order (a copy). */
    public ImageTensors select(int[] indices) {
        int per = imageSize();
        float[] p = new float[Math.multiplyExact(indices.length, per)];
        int[] l = new int[indices.length];
        List<Path> f = files.isEmpty() ? List.of() : new java.util.ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, p, i * per, per);
            l[i] = labels[indices[i]];
            if (!files.isEmpty()) f.add(files.get(indices[i]));
        }
        return new ImageTensors(p, l, channels, height, width, f);
    }

    /**
     * The images in a seeded order (Fisher–Yates): the ImageFolder order is class by class, so that the first n
     * of a split (a search's {@code evaluationImages}) are a sample of every class rather than the first classes.
     */
    public ImageTensors shuffled(long seed) {
        int[] perm = new int[count()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        return select(perm);
    }
}
