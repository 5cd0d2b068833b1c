package dev.hass.hardware.graph;

/** Shape of one feature map (batch excluded): channels × rows × cols. */
public record TensorShape(int channels, int rows, int cols) {
    public TensorShape {
        if (channels < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("tensor shape must be positive, got " + channels + "×" + rows + "×" + cols);
        }
    }

    /** channels · rows · cols. */
    public long elements() { return (long) channels * rows * cols; }

    @Override public String toString() { return channels + "×" + rows + "×" + cols; }
}
