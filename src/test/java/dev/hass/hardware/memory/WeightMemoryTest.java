package dev.hass.hardware.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hass.hardware.board.Memory;
import dev.hass.hardware.dse.MemoryPlan;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.stage.ActivationStage;
import dev.hass.hardware.stage.ConvSpec;
import dev.hass.hardware.stage.DenseConvStage;
import dev.hass.hardware.stage.FeatureMap;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.InnerProductStage;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import dev.hass.hardware.stage.Widths;
import org.junit.jupiter.api.Test;

/** URAM/BRAM counting of weight storage and the streamed-weight arithmetic, on hand-computable layers. */
class WeightMemoryTest {
    private static final Widths W16 = Widths.DEFAULT;
    private static final Widths W8 = new Widths(8, 8, 32);

    /** 16 → 32 channels, 3×3, 8×8 output: 32·16·9 = 4608 weights, 64 output windows. */
    private static ConvSpec spec() { return ConvSpec.of(new FeatureMap(8, 8, 16), 32, 3, 1, 1, 1); }

    @Test
    void uramBlocksAre72By4096() {
        assertEquals(1, Memory.uram(4096, 72));
        assertEquals(2, Memory.uram(4097, 72));
        assertEquals(2, Memory.uram(4096, 73));
        assertEquals(1, Memory.uram(1, 1));
        assertEquals(0, Memory.uram(0, 16));
    }

    @Test
    void denseConvPacksAllMultipliersIntoOneUramWord() {
        DenseConvStage s = new DenseConvStage("c", spec(), W16);
        assertEquals(4608, s.weightCount());
        // 1 multiplier: 4608 deep × 16 bits → 2 blocks deep
        assertEquals(2, WeightMemory.uramBlocks(s, new Folding.Conv(1, 1, 1, 1)));
        // 36 multipliers: 128 deep × 576 bits → 8 columns
        assertEquals(8, WeightMemory.uramBlocks(s, new Folding.Conv(2, 2, 1, 9)));
        // 8-bit weights: 288 bits → 4 columns, half the memory
        assertEquals(4, WeightMemory.uramBlocks(new DenseConvStage("c", spec(), W8), new Folding.Conv(2, 2, 1, 9)));
    }

    @Test
    void sparseConvKeepsOneWindowWidePerUnit() {
        SparseConvStage s = new SparseConvStage("c", spec(), W16, ChannelHistograms.binomial(16, 9, 0.5), true);
        // 4 units (ci=2, co=2), each 4608/(4·9) = 128 deep × 144 bits → 2 columns each
        assertEquals(8, WeightMemory.uramBlocks(s, new Folding.Conv(2, 2, 1, 3)));
        // 8-bit: 72 bits → 1 column each
        SparseConvStage s8 = new SparseConvStage("c", spec(), W8, ChannelHistograms.binomial(16, 9, 0.5), true);
        assertEquals(4, WeightMemory.uramBlocks(s8, new Folding.Conv(2, 2, 1, 3)));
    }

    @Test
    void pointwiseClustersShareUramWords() {
        // 64 → 128 channels, 1×1, 14×14: 8192 weights
        ConvSpec pw = ConvSpec.of(new FeatureMap(14, 14, 64), 128, 1, 1, 0, 1);
        double[] zeros = new double[64];
        java.util.Arrays.fill(zeros, 0.5);
        PointwiseSparseConvStage one = new PointwiseSparseConvStage("p", pw, W16, zeros, 1);
        PointwiseSparseConvStage two = new PointwiseSparseConvStage("p", pw, W16, zeros, 2);
        Folding.Conv f = new Folding.Conv(4, 4, 1, 1);
        // 16 multipliers, 512 deep: one cluster → one 256-bit word = 4 columns; two clusters → 2 × 2 columns
        assertEquals(4, WeightMemory.uramBlocks(one, f));
        assertEquals(4, WeightMemory.uramBlocks(two, f));
        // 32 multipliers (ci=8, co=4) split in two clusters of 16: 2 × ceil(256/72)=4 columns → 8
        assertEquals(8, WeightMemory.uramBlocks(two, new Folding.Conv(8, 4, 1, 1)));
        assertEquals(Memory.uram(256, 16 * 32), WeightMemory.uramBlocks(one, new Folding.Conv(8, 4, 1, 1)));
    }

    @Test
    void innerProductUram() {
        InnerProductStage ip = new InnerProductStage("fc", new FeatureMap(1, 1, 512), 1000, true, W16);
        assertEquals(512_000, ip.weightCount());
        // 1 multiplier: 512000 deep × 16 → ceil(512000/4096) = 125 blocks
        assertEquals(125, WeightMemory.uramBlocks(ip, new Folding.InnerProduct(1, 1)));
        // 4×8 = 32 multipliers: 16000 deep × 512 bits → 8 columns × 4 rows
        assertEquals(32, WeightMemory.uramBlocks(ip, new Folding.InnerProduct(4, 8)));
    }

    @Test
    void weightBramMatchesTheArrayModel() {
        DenseConvStage s = new DenseConvStage("c", spec(), W16);
        // one packed array 4608 × 16 bits: 18-bit aspect, 1024 deep → 5 blocks
        assertEquals(5, s.weightBram(1, 1, 1, 1));
        assertEquals(Memory.bram18(128, 576), s.weightBram(2, 2, 1, 9));
        SparseConvStage sp = new SparseConvStage("c", spec(), W16, ChannelHistograms.binomial(16, 9, 0.5), true);
        // unpacked: 12 multipliers, each 384 × 16 = 6144 bits → 1 block
        assertEquals(12, sp.weightBram(2, 2, 1, 3));
    }

    @Test
    void uramVariantMovesOnlyTheWeights() {
        DenseConvStage s = new DenseConvStage("c", spec(), W16);
        UramWeights u = new UramWeights(s);
        for (Folding.Conv f : new Folding.Conv[] {new Folding.Conv(1, 1, 1, 1), new Folding.Conv(2, 4, 1, 3), new Folding.Conv(16, 32, 1, 9)}) {
            StageMetrics a = s.evaluate(f), b = u.evaluate(f);
            assertEquals(a.latency(), b.latency());
            assertEquals(a.resources().dsp(), b.resources().dsp());
            assertEquals(a.resources().lut(), b.resources().lut());
            assertEquals(a.resources().bram() - s.weightBram(f.coarseIn(), f.coarseOut(), f.coarseGroup(), f.fine()), b.resources().bram());
            assertEquals(WeightMemory.uramBlocks(s, f), b.resources().uram());
            assertEquals(WeightStorage.URAM, WeightStorage.of(u));
            assertEquals(WeightStorage.BRAM, WeightStorage.of(s));
        }
    }

    @Test
    void streamedWeightsAreReadOncePerOutputWindow() {
        DenseConvStage s = new DenseConvStage("c", spec(), W16);
        OffChipWeights o = new OffChipWeights(s);
        assertEquals(64, WeightMemory.reusePerFrame(s));
        assertEquals(4608L * 16 * 64, o.weightBitsPerFrame());
        assertEquals(4608L * 8 * 64, new OffChipWeights(new DenseConvStage("c", spec(), W8)).weightBitsPerFrame());
        StageMetrics m = o.evaluate(new Folding.Conv(1, 1, 1, 1));
        assertEquals(s.evaluate(new Folding.Conv(1, 1, 1, 1)).resources().bram() - 5, m.resources().bram());
        assertEquals(0, m.resources().uram());
        assertEquals(WeightStorage.STREAMED, WeightStorage.of(o));
        InnerProductStage ip = new InnerProductStage("fc", new FeatureMap(1, 1, 512), 1000, true, W16);
        assertEquals(512_000L * 16, new OffChipWeights(ip).weightBitsPerFrame());
        // 8 Mbit per frame every 250000 cycles at 250 MHz = 1000 frames/s → 8.192 Gb/s
        assertEquals(8.192, MemoryPlan.gbps(512_000.0 * 16, 250_000, 250e6), 1e-12);
    }

    @Test
    void onlyWeightBearingStagesHaveStorageVariants() {
        Stage relu = new ActivationStage("r", new FeatureMap(8, 8, 16), ActivationStage.Function.RELU, 16);
        assertEquals(WeightStorage.NONE, WeightStorage.of(relu));
        assertThrows(IllegalArgumentException.class, () -> new UramWeights(relu));
        assertThrows(IllegalArgumentException.class, () -> new OffChipWeights(relu));
        assertThrows(IllegalArgumentException.class, () -> new UramWeights(new OffChipWeights(new DenseConvStage("c", spec(), W16))));
    }
}
