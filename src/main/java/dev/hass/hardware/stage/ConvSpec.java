package dev.hass.hardware.stage;

/**
 * Geometry of a convolution stage (fpgaConvNet ConvolutionLayer arguments).
 *
 * @param input              input feature map (unpadded)
 * @param filters            output channels F
 * @param kernelRows         kernel height
 * @param kernelCols         kernel width
 * @param strideRows         vertical stride
 * @param strideCols         horizontal stride
 * @param padding            zero padding
 * @param groups             channel groups (C for depthwise)
 * @param bias               whether biases are stored (BRAM)
 * @param blockFloatingPoint block floating point: one extra shift-scale DSP per output stream
 * @param weightsInUram      store weights in URAM instead of BRAM
 */
public record ConvSpec(FeatureMap input, int filters, int kernelRows, int kernelCols, int strideRows, int strideCols,
                       Padding padding, int groups, boolean bias, boolean blockFloatingPoint, boolean weightsInUram) {
    public ConvSpec {
        if (filters < 1 || kernelRows < 1 || kernelCols < 1 || strideRows < 1 || strideCols < 1 || groups < 1) {
            throw new IllegalArgumentException("conv: filters, kernel, stride and groups must be positive");
        }
        if (input.channels() % groups != 0 || filters % groups != 0) {
            throw new IllegalArgumentException("conv: groups=" + groups + " must divide channels=" + input.channels()
                    + " and filters=" + filters);
        }
        if (input.rows() + padding.top() + padding.bottom() < kernelRows
                || input.cols() + padding.left() + padding.right() < kernelCols) {
            throw new IllegalArgumentException("conv: kernel " + kernelRows + "×" + kernelCols + " larger than padded input " + input);
        }
    }

    /** A square-kernel convolution with uniform padding, bias, no block floating point, weights in BRAM. */
    public static ConvSpec of(FeatureMap input, int filters, int kernel, int stride, int pad, int groups) {
        return new ConvSpec(input, filters, kernel, kernel, stride, stride, Padding.uniform(pad), groups, true, false, false);
    }

    public int kernelSize() { return kernelRows * kernelCols; }

    public int paddedRows() { return input.rows() + padding.top() + padding.bottom(); }

    public int paddedCols() { return input.cols() + padding.left() + padding.right(); }

    public int rowsOut() { return (paddedRows() - kernelRows) / strideRows + 1; }

    public int colsOut() { return (paddedCols() - kernelCols) / strideCols + 1; }

    public FeatureMap output() { return new FeatureMap(rowsOut(), colsOut(), filters); }

    /** Dense multiply-accumulates per frame. */
    public double macs() {
        return (double) rowsOut() * colsOut() * filters * (input.channels() / groups) * kernelSize();
    }
}
