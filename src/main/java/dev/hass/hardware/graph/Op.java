package dev.hass.hardware.graph;

import java.util.List;

/**
 * What one node of a {@link Network} computes. Each op infers its output shape from its input shapes
 * (floor division for windowed ops, as PyTorch and ONNX with ceil_mode = 0) and knows its
 * multiply-accumulates and learnable parameters, the two figures networks are usually quoted by.
 */
public sealed interface Op permits Op.Conv, Op.InnerProduct, Op.Pool, Op.GlobalPool, Op.Activation,
        Op.BatchNorm, Op.Eltwise, Op.Flatten {

    /** Output shape; throws {@link IllegalArgumentException} saying what does not fit. */
    TensorShape outputShape(List<TensorShape> inputs);

    /** Number of inputs the op takes; -1 means two or more. */
    default int arity() { return 1; }

    /** Multiply-accumulates per frame (Conv and InnerProduct only; 0 elsewhere). */
    default long macs(List<TensorShape> inputs, TensorShape output) { return 0; }

    /** Learnable parameters (weights, biases, BatchNorm scale and shift). */
    default long params(List<TensorShape> inputs) { return 0; }

    /** Short lower-case kind name, e.g. "conv", "relu", "add". */
    String kind();

    /**
     * 2-D convolution. Depthwise: groups = channels = filters; pointwise: 1×1. Padding is in
     * fpgaConvNet's order top, right, bottom, left.
     */
    record Conv(int filters, int kernelRows, int kernelCols, int strideRows, int strideCols,
                int padTop, int padRight, int padBottom, int padLeft, int groups, boolean bias) implements Op {
        public Conv {
            positive("filters", filters);
            positive("kernel rows", kernelRows);
            positive("kernel cols", kernelCols);
            positive("stride rows", strideRows);
            positive("stride cols", strideCols);
            positive("groups", groups);
            nonNegative("padding", padTop, padRight, padBottom, padLeft);
            if (filters % groups != 0) {
                throw new IllegalArgumentException("conv filters " + filters + " not divisible by groups " + groups);
            }
        }

        /** Square kernel k, stride s, symmetric padding p, one group, no bias. */
        public static Conv of(int filters, int k, int s, int p) {
            return new Conv(filters, k, k, s, s, p, p, p, p, 1, false);
        }

        /** Depthwise k×k over {@code channels} channels (groups = channels), padding (k−1)/2, no bias. */
        public static Conv depthwise(int channels, int k, int s) {
            int p = (k - 1) / 2;
            return new Conv(channels, k, k, s, s, p, p, p, p, channels, false);
        }

        /** Pointwise 1×1, stride 1, no bias. */
        public static Conv pointwise(int filters) { return of(filters, 1, 1, 0); }

        public Conv withBias(boolean b) {
            return new Conv(filters, kernelRows, kernelCols, strideRows, strideCols, padTop, padRight, padBottom, padLeft, groups, b);
        }

        public Conv withGroups(int g) {
            return new Conv(filters, kernelRows, kernelCols, strideRows, strideCols, padTop, padRight, padBottom, padLeft, g, bias);
        }

        public boolean isDepthwise(int channels) { return groups > 1 && groups == channels && filters == channels; }

        public boolean isPointwise() { return kernelRows == 1 && kernelCols == 1; }

        @Override public TensorShape outputShape(List<TensorShape> in) {
            TensorShape x = in.get(0);
            if (x.channels() % groups != 0) {
                throw new IllegalArgumentException("conv input channels " + x.channels() + " not divisible by groups " + groups);
            }
            int rows = windowOut("conv", "rows", x.rows(), kernelRows, strideRows, padTop, padBottom);
            int cols = windowOut("conv", "cols", x.cols(), kernelCols, strideCols, padLeft, padRight);
            return new TensorShape(filters, rows, cols);
        }

        @Override public long macs(List<TensorShape> in, TensorShape out) {
            return (long) out.rows() * out.cols() * filters * (in.get(0).channels() / groups) * kernelRows * kernelCols;
        }

        @Override public long params(List<TensorShape> in) {
            return (long) filters * (in.get(0).channels() / groups) * kernelRows * kernelCols + (bias ? filters : 0);
        }

        @Override public String kind() { return "conv"; }
    }

    /** Fully connected layer over all C·H·W input values. */
    record InnerProduct(int outFeatures, boolean bias) implements Op {
        public InnerProduct { positive("inner product outFeatures", outFeatures); }

        @Override public TensorShape outputShape(List<TensorShape> in) { return new TensorShape(outFeatures, 1, 1); }

        @Override public long macs(List<TensorShape> in, TensorShape out) { return in.get(0).elements() * outFeatures; }

        @Override public long params(List<TensorShape> in) { return in.get(0).elements() * outFeatures + (bias ? outFeatures : 0); }

        @Override public String kind() { return "inner_product"; }
    }

    enum PoolKind { MAX, AVG }

    /** Windowed max or average pooling; padding in the order top, right, bottom, left. */
    record Pool(PoolKind type, int kernelRows, int kernelCols, int strideRows, int strideCols,
                int padTop, int padRight, int padBottom, int padLeft) implements Op {
        public Pool {
            if (type == null) throw new IllegalArgumentException("pool type missing");
            positive("pool kernel rows", kernelRows);
            positive("pool kernel cols", kernelCols);
            positive("pool stride rows", strideRows);
            positive("pool stride cols", strideCols);
            nonNegative("pool padding", padTop, padRight, padBottom, padLeft);
        }

        /** Square kernel k, stride s, symmetric padding p. */
        public static Pool of(PoolKind type, int k, int s, int p) { return new Pool(type, k, k, s, s, p, p, p, p); }

        @Override public TensorShape outputShape(List<TensorShape> in) {
            TensorShape x = in.get(0);
            return new TensorShape(x.channels(),
                    windowOut("pool", "rows", x.rows(), kernelRows, strideRows, padTop, padBottom),
                    windowOut("pool", "cols", x.cols(), kernelCols, strideCols, padLeft, padRight));
        }

        @Override public String kind() { return type == PoolKind.MAX ? "max_pool" : "avg_pool"; }
    }

    /** Global average or max pooling: C×H×W → C×1×1. */
    record GlobalPool(PoolKind type) implements Op {
        public GlobalPool { if (type == null) throw new IllegalArgumentException("global pool type missing"); }

        @Override public TensorShape outputShape(List<TensorShape> in) { return new TensorShape(in.get(0).channels(), 1, 1); }

        @Override public String kind() { return type == PoolKind.MAX ? "global_max_pool" : "global_avg_pool"; }
    }

    enum ActivationKind { RELU, RELU6, HARDSWISH, HARDSIGMOID, SIGMOID }

    /** Element-wise nonlinearity; shape unchanged. */
    record Activation(ActivationKind type) implements Op {
        public Activation { if (type == null) throw new IllegalArgumentException("activation type missing"); }

        @Override public TensorShape outputShape(List<TensorShape> in) { return in.get(0); }

        @Override public String kind() { return type.name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** Batch normalisation (inference form: per-channel scale and shift; hardware folds it into the conv). */
    record BatchNorm() implements Op {
        @Override public TensorShape outputShape(List<TensorShape> in) { return in.get(0); }

        @Override public long params(List<TensorShape> in) { return 2L * in.get(0).channels(); }

        @Override public String kind() { return "batch_norm"; }
    }

    enum EltwiseKind { ADD, MUL }

    /**
     * Element-wise add or multiply of two or more inputs of the same shape. MUL also accepts C×1×1
     * inputs broadcast over a C×H×W one (the scale of squeeze-excite).
     */
    record Eltwise(EltwiseKind type) implements Op {
        public Eltwise { if (type == null) throw new IllegalArgumentException("eltwise type missing"); }

        @Override public int arity() { return -1; }

        @Override public TensorShape outputShape(List<TensorShape> in) {
            TensorShape full = in.get(0);
            for (TensorShape s : in) if (s.elements() > full.elements()) full = s;
            for (TensorShape s : in) {
                boolean same = s.equals(full);
                boolean broadcast = type == EltwiseKind.MUL && s.channels() == full.channels() && s.rows() == 1 && s.cols() == 1;
                if (!same && !broadcast) {
                    throw new IllegalArgumentException(kind() + " inputs have incompatible shapes " + in
                            + (type == EltwiseKind.MUL ? " (allowed: equal, or C×1×1 broadcast over C×H×W)" : " (must be equal)"));
                }
            }
            return full;
        }

        @Override public String kind() { return type == EltwiseKind.ADD ? "add" : "mul"; }
    }

    /** C×H×W → (C·H·W)×1×1, row-major as PyTorch. */
    record Flatten() implements Op {
        @Override public TensorShape outputShape(List<TensorShape> in) {
            long n = in.get(0).elements();
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("flatten of " + in.get(0) + " is too large");
            return new TensorShape((int) n, 1, 1);
        }

        @Override public String kind() { return "flatten"; }
    }

    private static int windowOut(String op, String axis, int size, int kernel, int stride, int padBefore, int padAfter) {
        int padded = size + padBefore + padAfter;
        if (kernel > padded) {
            throw new IllegalArgumentException(op + " kernel " + kernel + " larger than the padded input " + axis
                    + " " + padded + " (" + size + " + padding " + padBefore + "+" + padAfter + ")");
        }
        return (padded - kernel) / stride + 1;
    }

    private static void positive(String what, int v) {
        if (v < 1) throw new IllegalArgumentException(what + " must be ≥ 1, got " + v);
    }

    private static void nonNegative(String what, int... vs) {
        for (int v : vs) if (v < 0) throw new IllegalArgumentException(what + " must be ≥ 0, got " + v);
    }
}
