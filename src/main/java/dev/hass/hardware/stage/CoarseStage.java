package dev.hass.hardware.stage;

import dev.hass.hardware.board.Resources;

/**
 * Base of the stages folded by one number of parallel streams ({@link Folding.Coarse}): each stream
 * carries channels/coarse channels of the map.
 */
public abstract sealed class CoarseStage implements Stage
        permits PoolingStage, ActivationStage, EltwiseStage, GlobalPoolingStage, SplitStage {
    protected final String name;
    protected final FeatureMap input;
    protected final int dataBits;
    protected final FoldingSpace space;

    protected CoarseStage(String name, FeatureMap input, int dataBits) {
        if (dataBits < 1) throw new IllegalArgumentException("stage " + name + ": data width must be positive");
        this.name = name;
        this.input = input;
        this.dataBits = dataBits;
        this.space = new FoldingSpace(FoldingSpace.Kind.COARSE, Divisors.of(input.channels()), Divisors.of(input.channels()),
                java.util.List.of(1), java.util.List.of(1));
    }

    @Override public String name() { return name; }

    @Override public FoldingSpace space() { return space; }

    public FeatureMap input() { return input; }

    public abstract FeatureMap output();

    public int dataBits() { return dataBits; }

    protected int coarse(Folding folding) {
        if (!(folding instanceof Folding.Coarse c)) {
            throw new IllegalArgumentException("stage " + name + " needs a coarse folding, got " + folding);
        }
        Divisors.require(space.coarseIn(), c.coarse(), name, "coarse");
        return c.coarse();
    }

    @Override
    public StageMetrics evaluate(Folding folding) {
        int c = coarse(folding);
        long latency = latency(c);
        long sizeIn = input.words() / c, sizeOut = output().words() / c;
        return new StageMetrics(latency, ConvStage.rate(sizeIn, latency), ConvStage.rate(sizeOut, latency),
                pipelineDepth(c), sizeIn, sizeOut, c, c, resources(c));
    }

    /** One word per cycle per stream in: rows·cols·C/coarse. */
    public long latency(int coarse) { return input.words() / coarse; }

    public long pipelineDepth(int coarse) { return 0; }

    public abstract Resources resources(int coarse);

    @Override public double expectedMultiplierCycles() { return 0; }
}
