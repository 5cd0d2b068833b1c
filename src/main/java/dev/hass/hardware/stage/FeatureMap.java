package dev.hass.hardware.stage;

/** Shape of a feature map entering or leaving a stage: rows × cols × channels (one image). */
public record FeatureMap(int rows, int cols, int channels) {
    public FeatureMap {
        if (rows < 1 || cols < 1 || channels < 1) {
            throw new IllegalArgumentException("feature map dimensions must be positive, got " + rows + "×" + cols + "×" + channels);
        }
    }

    /** Words in one frame: rows·cols·channels. */
    public long words() { return (long) rows * cols * channels; }
}
