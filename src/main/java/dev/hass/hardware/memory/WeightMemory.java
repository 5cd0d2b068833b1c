package dev.hass.hardware.memory;

import dev.hass.hardware.board.Memory;
import dev.hass.hardware.stage.ConvStage;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.Stage;

/**
 * Weight-memory arithmetic shared by the storage variants ({@link UramWeights}, {@link OffChipWeights}).
 *
 * <p>URAM: a block is 4096 words × 72 bits (288 Kb) with one fixed aspect. Arrays that are read in
 * lockstep share a URAM word: a packed stage (dense conv, inner product) reads the weights of all its
 * multipliers at one address, so they form one array of width weight·multipliers and depth
 * weights/multipliers; so does each stream cluster of a pointwise sparse stage (its streams skip
 * zeros together: one array per cluster); a 3×3 sparse stage's dot-product units run at their own pace (zeros are skipped per
 * unit), so each of its ci·co·cg units keeps its own array holding a whole K² window of weights per word
 * (width weight·K², depth weights/(units·K²)). Blocks = ceil(width/72)·ceil(depth/4096).
 *
 * <p>Streaming: the conv stage walks every output window and, for each, every (filter, channel) pair,
 * so without an on-chip copy every weight is read once per output window: rows_out·cols_out times per
 * frame (an inner product reads each weight once per frame). Streamed bits per frame =
 * weights · weight bits · that reuse.
 */
public final class WeightMemory {
    private WeightMemory() {}

    private static Stage unwrap(Stage s) {
        if (s instanceof Stage.Repriced r) return unwrap(r.original());
        if (s instanceof OffChipWeights o) return unwrap(o.onChip());
        if (s instanceof UramWeights u) return unwrap(u.onChip());
        return s;
    }

    /** Whether the stage has a weight memory (conv and inner product). */
    public static boolean holdsWeights(Stage s) {
        Stage b = unwrap(s);
        return b instanceof ConvStage || b instanceof InnerProductStage;
    }

    private static Stage require(Stage s) {
        Stage b = unwrap(s);
        if (!(b instanceof ConvStage) && !(b instanceof InnerProductStage)) {
            throw new IllegalArgumentException("only conv and inner-product stages hold weights, not " + s.name());
        }
        return b;
    }

    /** Number of weights of the layer. */
    public static long weightCount(Stage s) {
        Stage b = require(s);
        return b instanceof ConvStage c ? c.weightCount() : ((InnerProductStage) b).weightCount();
    }

    public static int weightBitsEach(Stage s) {
        Stage b = require(s);
        return b instanceof ConvStage c ? c.widths().weight() : ((InnerProductStage) b).widths().weight();
    }

    /** Bits of all weights of the layer. */
    public static long weightBits(Stage s) { return weightCount(s) * weightBitsEach(s); }

    /** Times each weight is read per frame when it is not kept on chip: output windows (conv), 1 (inner product). */
    public static long reusePerFrame(Stage s) {
        Stage b = require(s);
        return b instanceof ConvStage c ? (long) c.spec().rowsOut() * c.spec().colsOut() : 1;
    }

    /** Off-chip bits per frame of the stage when its weights are streamed. */
    public static long streamedBitsPerFrame(Stage s) { return weightBits(s) * reusePerFrame(s); }

    /** BRAM18 of the stage's weight arrays at this folding (what moving them elsewhere saves). */
    public static long weightBram(Stage s, Folding f) {
        Stage b = require(s);
        if (b instanceof ConvStage c && f instanceof Folding.Conv x) return c.weightBram(x.coarseIn(), x.coarseOut(), x.coarseGroup(), x.fine());
        if (b instanceof InnerProductStage ip && f instanceof Folding.InnerProduct x) return ip.weightBram(x.coarseIn(), x.coarseOut());
        throw new IllegalArgumentException("stage " + s.name() + " does not take folding " + f);
    }

    /** URAM blocks of the stage's weights at this folding (rules in the class comment). */
    public static long uramBlocks(Stage s, Folding f) {
        Stage b = require(s);
        long count = weightCount(b);
        int wb = weightBitsEach(b);
        if (b instanceof InnerProductStage && f instanceof Folding.InnerProduct x) {
            long m = (long) x.coarseIn() * x.coarseOut();
            return Memory.uram(ceilDiv(count, m), wb * m);
        }
        if (b instanceof ConvStage c && f instanceof Folding.Conv x) {
            long m = ConvStage.multipliers(x.coarseIn(), x.coarseOut(), x.coarseGroup(), x.fine());
            if (c.packsStreams()) return Memory.uram(ceilDiv(count, m), wb * m);
            if (c instanceof PointwiseSparseConvStage pw) {
                // a cluster's streams skip zeros together: its multipliers read in lockstep
                int streams = x.coarseIn() * x.coarseGroup();
                int k = streams % pw.clusters() == 0 ? pw.clusters() : 1;
                return Memory.uram(ceilDiv(count, m), wb * (m / k)) * k;
            }
            long units = (long) x.coarseIn() * x.coarseOut() * x.coarseGroup();
            int k2 = c.spec().kernelSize();
            return Memory.uram(ceilDiv(count, units * k2), (long) wb * k2) * units;
        }
        throw new IllegalArgumentException("stage " + s.name() + " does not take folding " + f);
    }

    private static long ceilDiv(long a, long b) { return (a + b - 1) / b; }
}
