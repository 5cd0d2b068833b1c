package dev.hass.hardware.stage;

import dev.hass.hardware.board.Memory;
import dev.hass.hardware.board.Resources;

/**
 * Fully connected layer: the input map is flattened (rows·cols·channels inputs), F outputs;
 * ci·co multipliers, each taking one product per cycle.
 */
public final class InnerProductStage implements Stage {
    private final String name;
    private final FeatureMap input;
    private final int filters;
    private final boolean bias;
    private final boolean blockFloatingPoint;
    private final boolean weightsInUram;
    private final Widths widths;
    private final FoldingSpace space;

    /**
     * @param input   input map (flattened: rows·cols·channels inputs)
     * @param filters outputs
     * @param bias    biases stored on chip
     */
    public InnerProductStage(String name, FeatureMap input, int filters, boolean bias, Widths widths) {
        this(name, input, filters, bias, false, false, widths);
    }

    public InnerProductStage(String name, FeatureMap input, int filters, boolean bias, boolean blockFloatingPoint,
                             boolean weightsInUram, Widths widths) {
        if (filters < 1) throw new IllegalArgumentException("inner product " + name + ": filters must be positive");
        this.name = name;
        this.input = input;
        this.filters = filters;
        this.bias = bias;
        this.blockFloatingPoint = blockFloatingPoint;
        this.weightsInUram = weightsInUram;
        this.widths = widths;
        this.space = new FoldingSpace(FoldingSpace.Kind.INNER_PRODUCT, Divisors.of(input.channels()), Divisors.of(filters),
                java.util.List.of(1), java.util.List.of(1));
    }

    private int inputs() { return Math.toIntExact(input.words()); }

    public FeatureMap input() { return input; }

    public int filters() { return filters; }

    public Widths widths() { return widths; }

    public boolean hasBias() { return bias; }

    /** Whether the layer uses block floating point: a shift and a scale memory and one more DSP per output stream. */
    public boolean blockFloatingPoint() { return blockFloatingPoint; }

    public boolean weightsInUram() { return weightsInUram; }

    @Override public String name() { return name; }

    @Override public FoldingSpace space() { return space; }

    @Override
    public StageMetrics evaluate(Folding folding) {
        if (!(folding instanceof Folding.InnerProduct f)) {
            throw new IllegalArgumentException("stage " + name + " needs an inner-product folding, got " + folding);
        }
        Divisors.require(space.coarseIn(), f.coarseIn(), name, "coarse_in");
        Divisors.require(space.coarseOut(), f.coarseOut(), name, "coarse_out");
        int ci = f.coarseIn(), co = f.coarseOut();
        long latency = latency(ci, co);
        long sizeIn = inputs() / ci, sizeOut = filters / co;
        long depth = 1 + (long) (inputs() / ci) * (filters / co) + ci;
        // module-chain rates as in the reference: the multiplier takes a new input every F/co cycles,
        // the accumulator emits one sum per (inputs/ci) products
        double vdIn = Math.min(1.0, (double) co / filters);
        double rateOut = Math.min(1.0, (double) ci / inputs());
        return new StageMetrics(latency, vdIn, rateOut, depth,
                sizeIn, sizeOut, ci, co, resources(ci, co));
    }

    /** rows·cols·C·F/(ci·co): one product per multiplier per cycle (never below the in/out word rates). */
    public long latency(int ci, int co) {
        long compute = (long) inputs() * filters / ((long) ci * co);
        return Math.max(compute, Math.max(inputs() / ci, filters / co));
    }

    public long dsp(int ci, int co) {
        int pack = widths.multipliersPerDsp();
        return ((long) ci * co + pack - 1) / pack + (blockFloatingPoint ? co : 0);
    }

    /**
     * Weights in one packed array (depth inputs·F/(ci·co), width weight·ci·co), biases in one packed
     * array (depth F/co, width acc·co), block floating point adding a shift and a scale memory per
     * output stream; all from {@link Memory}'s array model.
     */
    public Resources resources(int ci, int co) {
        long multipliers = (long) ci * co;
        long depth = ConvStage.ceilDiv((long) inputs() * filters, multipliers);
        long width = widths.weight() * multipliers;
        long bram = 0, uram = 0;
        if (weightsInUram) uram = Memory.uram(depth, width);
        else bram = Memory.bram18(depth, width);
        if (bias) bram += Memory.bram18(ConvStage.ceilDiv(filters, co), (long) widths.acc() * co);
        if (blockFloatingPoint) bram += Memory.bram18(filters / co, widths.acc()) * co * 2;
        long[] logic = LogicModel.innerProduct(this, ci, co);
        return new Resources(dsp(ci, co), bram, logic[0], logic[1], uram);
    }

    /** BRAM18 of the packed weight array at this folding (0 when kept in URAM). */
    public long weightBram(int ci, int co) {
        if (weightsInUram) return 0;
        long multipliers = (long) ci * co;
        return Memory.bram18(ConvStage.ceilDiv(weightCount(), multipliers), widths.weight() * multipliers);
    }

    /** Weights of the layer: inputs·F. */
    public long weightCount() { return (long) inputs() * filters; }

    @Override public double expectedMultiplierCycles() { return (double) inputs() * filters; }
}
