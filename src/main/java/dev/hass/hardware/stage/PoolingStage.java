package dev.hass.hardware.stage;

import dev.hass.hardware.board.Resources;

/** Max or average pooling over a K×K window: a sliding window reading the padded input. */
public final class PoolingStage extends CoarseStage {
    public enum Type { MAX, AVG }

    private final Type type;
    private final int kernelRows, kernelCols, strideRows, strideCols;
    private final Padding padding;

    public PoolingStage(String name, FeatureMap input, Type type, int kernelRows, int kernelCols,
                        int strideRows, int strideCols, Padding padding, int dataBits) {
        super(name, input, dataBits);
        if (kernelRows < 1 || kernelCols < 1 || strideRows < 1 || strideCols < 1) {
            throw new IllegalArgumentException("pooling " + name + ": kernel and stride must be positive");
        }
        this.type = type;
        this.kernelRows = kernelRows;
        this.kernelCols = kernelCols;
        this.strideRows = strideRows;
        this.strideCols = strideCols;
        this.padding = padding;
    }

    /** Square kernel, equal stride, uniform padding, 16-bit data. */
    public static PoolingStage of(String name, FeatureMap input, Type type, int kernel, int stride, int pad) {
        return new PoolingStage(name, input, type, kernel, kernel, stride, stride, Padding.uniform(pad), 16);
    }

    public Type type() { return type; }

    private int paddedRows() { return input.rows() + padding.top() + padding.bottom(); }

    private int paddedCols() { return input.cols() + padding.left() + padding.right(); }

    @Override
    public FeatureMap output() {
        return new FeatureMap((paddedRows() - kernelRows) / strideRows + 1, (paddedCols() - kernelCols) / strideCols + 1,
                input.channels());
    }

    /** The padded input at one word per cycle per stream. */
    @Override
    public long latency(int coarse) { return (long) paddedRows() * paddedCols() * (input.channels() / coarse); }

    /** Sliding-window fill: K−1 padded rows plus K−1 pixels. */
    @Override
    public long pipelineDepth(int coarse) {
        long ch = input.channels() / coarse;
        return (long) (kernelRows - 1) * paddedCols() * ch + (long) (kernelCols - 1) * ch;
    }

    /** BRAM18 of the stage's one sliding window, its coarse streams packed side by side. */
    public long slidingWindowBram(int coarse) {
        return ConvStage.slidingWindowBram(paddedCols(), input.channels() / coarse, kernelRows, kernelCols, coarse, dataBits);
    }

    @Override
    public Resources resources(int coarse) {
        long bram = slidingWindowBram(coarse);
        long[] logic = LogicModel.pooling(kernelRows * kernelCols, dataBits, coarse, input.channels() / coarse, paddedCols(), type == Type.AVG);
        return new Resources(0, bram, logic[0], logic[1], 0);
    }
}
