package dev.hass.hardware.stage;

import dev.hass.hardware.board.Memory;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.graph.ChannelHistograms;
import java.util.List;

/**
 * A convolution stage. Three cost models share the geometry, memory and DSP accounting and differ in
 * how many cycles a window takes:
 * <ul>
 *   <li>{@link DenseConvStage}: every product is computed, K²/fine cycles per window and filter;</li>
 *   <li>{@link SparseConvStage}: zero products are skipped (HASS histogram model, snake interleaving);</li>
 *   <li>{@link PointwiseSparseConvStage}: 1×1 kernels, zeros skipped per cluster of streams.</li>
 * </ul>
 * Build them with {@link #of} (the reference parser's rule) or the subclass constructors.
 */
public abstract sealed class ConvStage implements Stage permits DenseConvStage, SparseConvStage, PointwiseSparseConvStage {

    /** Which cost model a conv stage uses. */
    public enum Kind { DENSE, SPARSE, POINTWISE_SPARSE }

    /** Below this mean zero fraction the reference parser builds a dense layer. */
    public static final double DENSE_BELOW = 0.1;

    protected final String name;
    protected final ConvSpec spec;
    protected final Widths widths;
    protected final FoldingSpace space;

    protected ConvStage(String name, ConvSpec spec, Widths widths, List<Integer> fine) {
        this.name = name;
        this.spec = spec;
        this.widths = widths;
        this.space = new FoldingSpace(FoldingSpace.Kind.CONV,
                Divisors.of(spec.input().channels() / spec.groups()),
                Divisors.of(spec.filters() / spec.groups()),
                Divisors.of(spec.groups()), fine);
        long size = (long) space.coarseIn().size() * space.coarseOut().size() * space.coarseGroup().size() * space.fine().size();
        this.memo = new java.util.concurrent.ConcurrentHashMap<>((int) Math.min(size, 4096));
    }

    /**
     * The reference's rule (quirk 8): no histograms or mean zero fraction &lt; 0.1 → dense;
     * 1×1 kernel → pointwise sparse (one cluster); otherwise sparse with all-zero windows skipped.
     */
    public static ConvStage of(String name, ConvSpec spec, Widths widths, ChannelHistograms histograms) {
        if (histograms == null || histograms.meanZeroFraction() < DENSE_BELOW) return new DenseConvStage(name, spec, widths);
        return of(name, spec, widths, histograms, spec.kernelSize() == 1 ? Kind.POINTWISE_SPARSE : Kind.SPARSE);
    }

    /** Explicit choice of the cost model (sparse models need histograms). */
    public static ConvStage of(String name, ConvSpec spec, Widths widths, ChannelHistograms histograms, Kind kind) {
        return switch (kind) {
            case DENSE -> new DenseConvStage(name, spec, widths);
            case SPARSE -> new SparseConvStage(name, spec, widths, histograms, true);
            case POINTWISE_SPARSE -> new PointwiseSparseConvStage(name, spec, widths,
                    PointwiseSparseConvStage.zeroFractions(histograms), 1);
        };
    }

    public abstract Kind kind();

    public ConvSpec spec() { return spec; }

    public Widths widths() { return widths; }

    @Override public String name() { return name; }

    @Override public FoldingSpace space() { return space; }

    /** Cycles per frame at this folding (already validated). */
    protected abstract long latency(int ci, int co, int cg, int fine);

    /** Fill latency of the multiplier stage (vector dot) in cycles. */
    protected abstract int vectorDotDepth(int fine);

    /** Channels each accumulator walks through before emitting. */
    protected abstract long accumulatorChannels(int ci, int cg, int fine);

    // the DSE evaluates the same foldings over and over: remember them (a stage's space is small). Sized
    // for the whole space up front: growing it step by step took a sixth of resnet8's DSE (table copies)
    private final java.util.concurrent.ConcurrentHashMap<Folding, StageMetrics> memo;

    @Override
    public StageMetrics evaluate(Folding folding) {
        StageMetrics m = memo.get(folding);
        if (m == null) {
            m = compute(folding);
            memo.put(folding, m);
        }
        return m;
    }

    private StageMetrics compute(Folding folding) {
        if (!(folding instanceof Folding.Conv f)) {
            throw new IllegalArgumentException("stage " + name + " needs a conv folding, got " + folding);
        }
        Divisors.require(space.coarseIn(), f.coarseIn(), name, "coarse_in");
        Divisors.require(space.coarseOut(), f.coarseOut(), name, "coarse_out");
        Divisors.require(space.coarseGroup(), f.coarseGroup(), name, "coarse_group");
        Divisors.require(space.fine(), f.fine(), name, "fine");
        int ci = f.coarseIn(), co = f.coarseOut(), cg = f.coarseGroup(), fine = f.fine();
        long latency = latency(ci, co, cg, fine);
        int sIn = ci * cg, sOut = co * cg;
        long sizeIn = spec.input().words() / sIn;
        long sizeOut = (long) spec.rowsOut() * spec.colsOut() * spec.filters() / sOut;
        double[] vd = vectorDotRates(ci, co, cg, fine);
        double pad = (double) spec.input().rows() * spec.input().cols() / ((double) spec.paddedRows() * spec.paddedCols());
        double window = (double) spec.rowsOut() * spec.colsOut() / ((double) spec.paddedRows() * spec.paddedCols());
        double channels = accumulatorChannels(ci, cg, fine);
        double rateIn = pad * Math.min(1.0, vd[0] / window);
        // chain of module rate ratios: pad, sliding window, vector dot, accumulator (capped at one word per cycle)
        double rateOut = rateIn * (window / pad) * (vd[1] / vd[0]) * (Math.min(1.0, vd[2] / channels) / vd[2]);
        return new StageMetrics(latency, rateIn, rateOut,
                pipelineDepth(ci, co, cg, fine), sizeIn, sizeOut, sIn, sOut, resources(ci, co, cg, fine));
    }

    /**
     * Words per cycle of the multiplier stage while it streams: {vector-dot in, vector-dot out,
     * accumulator in}. The stage's rates follow the reference's module chain (pad → sliding window →
     * vector dot → accumulator): rate_in = pad·min(1, vd_in/window), rate_out = rate_in times the
     * out/in ratio of every module, the accumulator emitting at most one word per cycle.
     */
    protected abstract double[] vectorDotRates(int ci, int co, int cg, int fine);

    /** Filters each vector-dot unit serves: F/(co·g). */
    protected double filtersPerUnit(int co) { return (double) spec.filters() / ((long) co * spec.groups()); }

    static double rate(long size, long latency) { return latency == 0 ? 1.0 : Math.min(1.0, (double) size / latency); }

    /** Sliding window fill + multiplier + accumulator + glue (the reference's sum over modules). */
    public long pipelineDepth(int ci, int co, int cg, int fine) {
        long perStream = spec.input().channels() / (ci * cg);
        long window = (long) (spec.kernelRows() - 1) * spec.paddedCols() * perStream + (long) (spec.kernelCols() - 1) * perStream;
        long accum = accumulatorChannels(ci, cg, fine) * (spec.filters() / ((long) co * spec.groups()));
        return window + vectorDotDepth(fine) + accum + ci;
    }

    /** Input bound: the sliding window takes one padded word per cycle per stream. */
    protected double inputBound(int streamsIn) {
        return (double) spec.paddedRows() * spec.paddedCols() * spec.input().channels() / streamsIn;
    }

    /** Output bound: one word per cycle per output stream. */
    protected double outputBound(int streamsOut) {
        return (double) spec.rowsOut() * spec.colsOut() * spec.filters() / streamsOut;
    }

    /** Multipliers (DSP before packing). */
    public static long multipliers(int ci, int co, int cg, int fine) { return (long) fine * ci * co * cg; }

    public long dsp(int ci, int co, int cg, int fine) {
        long m = multipliers(ci, co, cg, fine);
        int pack = widths.multipliersPerDsp();
        return (m + pack - 1) / pack + (spec.blockFloatingPoint() ? (long) co * cg : 0);
    }

    /**
     * Whether the stage packs its parallel streams into one wide word (the reference's dense Chisel
     * convolution): one weight array of width weight·fine·ci·co·cg, one bias array of width acc·co·cg and
     * one sliding window over ci·cg streams. Unpacked stages (the sparse ones) keep one weight array per
     * multiplier, one bias array per output stream and one sliding window per input stream.
     */
    public boolean packsStreams() { return false; }

    /**
     * BRAM18/URAM of the stage: weights + biases + block-floating-point shift/scale memories + sliding
     * window, each from {@link Memory}'s array model (no regression anywhere).
     */
    public Resources resources(int ci, int co, int cg, int fine) {
        long multipliers = multipliers(ci, co, cg, fine);
        long depth = ceilDiv((long) (spec.filters() / spec.groups()) * spec.input().channels() * spec.kernelSize(), multipliers);
        long outStreams = (long) co * cg, inStreams = (long) ci * cg;
        long filtersPerStream = spec.filters() / outStreams;
        boolean packed = packsStreams();
        long bram = 0, uram = 0;
        if (packed) {
            long width = widths.weight() * multipliers;
            if (spec.weightsInUram()) uram = Memory.uram(depth, width);
            else bram = Memory.bram18(depth, width);
            if (spec.bias()) bram += Memory.bram18(filtersPerStream, widths.acc() * outStreams);
            bram += slidingWindowBram(spec.paddedCols(), spec.input().channels() / inStreams, spec.kernelRows(),
                    spec.kernelCols(), inStreams, widths.data());
        } else {
            if (spec.weightsInUram()) uram = Memory.uram(depth, widths.weight()) * multipliers;
            else bram = Memory.bram18(depth, widths.weight()) * multipliers;
            if (spec.bias()) bram += Memory.bram18(filtersPerStream, widths.acc()) * outStreams;
            bram += slidingWindowBram(spec.paddedCols(), spec.input().channels() / inStreams, spec.kernelRows(),
                    spec.kernelCols(), 1, widths.data()) * inStreams;
        }
        // block floating point: a shift and a scale memory per output stream, never packed
        if (spec.blockFloatingPoint()) bram += Memory.bram18(filtersPerStream, widths.acc()) * outStreams * 2;
        long[] logic = LogicModel.conv(this, ci, co, cg, fine);
        return new Resources(dsp(ci, co, cg, fine), bram, logic[0], logic[1], uram);
    }

    /**
     * BRAM18 the weight arrays take at this folding (0 when the spec keeps them in URAM): the part of
     * {@link #resources} a stage saves when its weights move to URAM or off chip.
     */
    public long weightBram(int ci, int co, int cg, int fine) {
        if (spec.weightsInUram()) return 0;
        long multipliers = multipliers(ci, co, cg, fine);
        long depth = ceilDiv(weightCount(), multipliers);
        return packsStreams() ? Memory.bram18(depth, widths.weight() * multipliers)
                : Memory.bram18(depth, widths.weight()) * multipliers;
    }

    /** Weights of the layer: (F/g)·C·K². */
    public long weightCount() { return (long) (spec.filters() / spec.groups()) * spec.input().channels() * spec.kernelSize(); }

    /** BRAM18 of one sliding-window module instance (packed stages have one, unpacked ones ci·cg). */
    public long slidingWindowBram(int ci, int cg) {
        long inStreams = (long) ci * cg;
        return slidingWindowBram(spec.paddedCols(), spec.input().channels() / inStreams, spec.kernelRows(),
                spec.kernelCols(), packsStreams() ? inStreams : 1, widths.data());
    }

    /**
     * BRAM18 of one sliding window over {@code streams} packed streams: a line buffer FIFO (depth
     * paddedCols·channels, width (Kr−1)·streams·data bits) plus Kr window-buffer FIFOs (depth channels,
     * width (Kc−1)·streams·data bits). A 1×1 kernel has no sliding window.
     */
    static long slidingWindowBram(int paddedCols, long channelsPerStream, int kernelRows, int kernelCols,
                                  long streams, int dataBits) {
        if (kernelRows == 1 && kernelCols == 1) return 0;
        long line = Memory.fifoBram18((long) paddedCols * channelsPerStream, (kernelRows - 1) * streams * dataBits);
        long window = Memory.fifoBram18(channelsPerStream, (kernelCols - 1) * streams * dataBits);
        return line + kernelRows * window;
    }

    /** LUT and FF of the squeeze unit of one input stream at this fine ({lut, ff}). */
    public long[] squeezeLogic(int fine) { return LogicModel.convSqueeze(this, fine); }

    /** Dense MACs scaled by the expected non-zero fraction (the perfect-division bound's share). */
    @Override
    public double expectedMultiplierCycles() { return spec.macs() * expectedNonZeroFraction(); }

    /** Fraction of products the model computes at fine = 1 (1 for dense). */
    protected abstract double expectedNonZeroFraction();

    static long ceilDiv(long a, long b) { return (a + b - 1) / b; }

    @Override public String toString() { return getClass().getSimpleName() + "[" + name + ", " + spec + "]"; }
}
