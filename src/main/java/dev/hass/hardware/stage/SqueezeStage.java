package dev.hass.hardware.stage;

import dev.hass.hardware.board.Resources;
import java.util.List;

/**
 * Re-buffers a map from {@code streamsIn} to {@code streamsOut} parallel streams; the reference
 * inserts one between consecutive stages whose stream counts differ. Its folding is fixed by its
 * neighbours, so its space is the single {@code Coarse(1)}; use {@link #cost} to price an arbitrary pair.
 */
public final class SqueezeStage implements Stage {
    private final String name;
    private final FeatureMap map;
    private final int streamsIn, streamsOut, dataBits;

    public SqueezeStage(String name, FeatureMap map, int streamsIn, int streamsOut, int dataBits) {
        if (map.channels() % streamsIn != 0 || map.channels() % streamsOut != 0) {
            throw new IllegalArgumentException("squeeze " + name + ": streams " + streamsIn + "→" + streamsOut
                    + " must divide channels " + map.channels());
        }
        this.name = name;
        this.map = map;
        this.streamsIn = streamsIn;
        this.streamsOut = streamsOut;
        this.dataBits = dataBits;
    }

    @Override public String name() { return name; }

    @Override
    public FoldingSpace space() {
        return new FoldingSpace(FoldingSpace.Kind.COARSE, List.of(1), List.of(1), List.of(1), List.of(1));
    }

    @Override
    public StageMetrics evaluate(Folding folding) {
        if (!(folding instanceof Folding.Coarse c) || c.coarse() != 1) {
            throw new IllegalArgumentException("squeeze " + name + " has the fixed folding Coarse(1), got " + folding);
        }
        return cost(map, streamsIn, streamsOut, dataBits);
    }

    /** Cost of re-buffering {@code map} from {@code in} to {@code out} streams: the slower side sets the pace. */
    public static StageMetrics cost(FeatureMap map, int in, int out, int dataBits) {
        long sizeIn = map.words() / in, sizeOut = map.words() / out;
        long latency = Math.max(sizeIn, sizeOut);
        long[] logic = LogicModel.squeeze(in, out, dataBits);
        // the squeeze buffers move one word per cycle per port (the reference reports rates 1, 1)
        return new StageMetrics(latency, 1.0, 1.0, 0,
                sizeIn, sizeOut, in, out, new Resources(0, 0, logic[0], logic[1], 0));
    }

    @Override public double expectedMultiplierCycles() { return 0; }
}
