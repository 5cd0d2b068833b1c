package dev.hass.hardware.stage;

/** Zero padding around a feature map, in pixels (fpgaConvNet order: top, right, bottom, left). */
public record Padding(int top, int right, int bottom, int left) {
    public static final Padding NONE = new Padding(0, 0, 0, 0);

    public Padding {
        if (top < 0 || right < 0 || bottom < 0 || left < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + top + "," + right + "," + bottom + "," + left);
        }
    }

    /** The same padding on every side. */
    public static Padding uniform(int p) { return new Padding(p, p, p, p); }
}
