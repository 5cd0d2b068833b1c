package dev.hass.nn;

/**
 * A set of 28×28 grey images with labels, pixels scaled to [0, 1], image-major ({@code 784} floats per image).
 *
 * @param pixels {@code count × 784} floats
 * @param labels {@code count} class indices 0..9
 */
public record Images(float[] pixels, int[] labels) {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;

    public Images {
        if (pixels.length != (long) labels.length * PIXELS) {
            throw new IllegalArgumentException("pixels (" + pixels.length + ") != labels (" + labels.length + ") × 784");
        }
    }

    public int count() {
        return labels.length;
    }

    /** The images at the given indices, in that order (a copy). */
    public Images select(int[] indices) {
        float[] p = new float[indices.length * PIXELS];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * PIXELS, p, i * PIXELS, PIXELS);
            l[i] = labels[indices[i]];
        }
        return new Images(p, l);
    }

    /** The first {@code n} images (a copy; n is clamped to the size). */
    public Images head(int n) {
        int m = Math.min(n, count());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return select(idx);
    }
}
