package dev.hass.hardware.stage;

import static org.junit.jupiter.api.Assertions.*;

import dev.hass.hardware.board.Memory;
import dev.hass.hardware.graph.ChannelHistograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties every cost model must have, on seeded random layers (no reference data needed). */
class StagePropertiesTest {
    private static final Widths W = Widths.DEFAULT;

    /** Random histograms over K²+1 bins, each row a random distribution skewed by a random zero probability. */
    static ChannelHistograms randomHistograms(Random rnd, int channels, int k2) {
        double[][] p = new double[channels][];
        for (int c = 0; c < channels; c++) {
            double s = 0.05 + 0.9 * rnd.nextDouble();
            p[c] = ChannelHistograms.binomial(1, k2, s).channel(0);
            double sum = 0;
            for (int z = 0; z <= k2; z++) { p[c][z] *= 0.5 + rnd.nextDouble(); sum += p[c][z]; }
            for (int z = 0; z <= k2; z++) p[c][z] /= sum;
        }
        return new ChannelHistograms(p);
    }

    private static List<Stage> sampleStages(Random rnd) {
        List<Stage> stages = new ArrayList<>();
        ConvSpec c3 = new ConvSpec(new FeatureMap(14, 18, 24), 32, 3, 3, 1, 1, Padding.uniform(1), 1, true, false, false);
        ConvSpec c5 = new ConvSpec(new FeatureMap(12, 12, 8), 16, 5, 5, 2, 2, new Padding(1, 2, 1, 0), 1, false, false, false);
        ConvSpec dw = new ConvSpec(new FeatureMap(10, 10, 16), 16, 3, 3, 1, 1, Padding.uniform(1), 16, true, false, false);
        ConvSpec pw = ConvSpec.of(new FeatureMap(8, 8, 32), 48, 1, 1, 0, 1);
        stages.add(new DenseConvStage("dense3", c3, W));
        stages.add(new DenseConvStage("depthwise", dw, W));
        stages.add(new SparseConvStage("sparse3", c3, W, randomHistograms(rnd, 24, 9), true));
        stages.add(new SparseConvStage("sparse5", c5, W, randomHistograms(rnd, 8, 25), false));
        double[] z = new double[32];
        for (int i = 0; i < z.length; i++) z[i] = rnd.nextDouble();
        stages.add(new PointwiseSparseConvStage("pointwise", pw, W, z, 1));
        stages.add(new InnerProductStage("fc", new FeatureMap(2, 2, 16), 10, true, W));
        stages.add(PoolingStage.of("pool", new FeatureMap(12, 12, 16), PoolingStage.Type.MAX, 3, 2, 1));
        stages.add(new ActivationStage("hswish", new FeatureMap(7, 7, 24), ActivationStage.Function.HARDSWISH, 16));
        stages.add(EltwiseStage.of("add", new FeatureMap(7, 7, 24), EltwiseStage.Op.ADD));
        stages.add(new GlobalPoolingStage("gap", new FeatureMap(7, 7, 24), 16));
        return stages;
    }

    /** All foldings of a stage's space. */
    static List<Folding> foldings(Stage s) {
        Stage.FoldingSpace sp = s.space();
        List<Folding> out = new ArrayList<>();
        switch (sp.kind()) {
            case CONV -> {
                for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) for (int cg : sp.coarseGroup()) for (int f : sp.fine()) {
                    out.add(new Folding.Conv(ci, co, cg, f));
                }
            }
            case INNER_PRODUCT -> { for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) out.add(new Folding.InnerProduct(ci, co)); }
            case COARSE -> { for (int c : sp.coarseIn()) out.add(new Folding.Coarse(c)); }
        }
        return out;
    }

    @Test
    void moreParallelismNeverIncreasesLatencyAlongDivisorChains() {
        Random rnd = new Random(7);
        for (Stage s : sampleStages(rnd)) {
            List<Folding> all = foldings(s);
            List<StageMetrics> m = all.stream().map(s::evaluate).toList();
            for (int i = 0; i < all.size(); i++) {
                for (int j = 0; j < all.size(); j++) {
                    if (!refines(all.get(i), all.get(j))) continue;
                    long la = m.get(i).latency(), lb = m.get(j).latency();
                    assertTrue(lb <= la, s.name() + ": " + all.get(i) + " → " + all.get(j) + " latency " + la + " → " + lb);
                    assertTrue(m.get(j).resources().dsp() >= m.get(i).resources().dsp(), s.name() + " DSP grows with parallelism");
                }
            }
        }
    }

    /**
     * b has at least a's parallelism in every parameter, each a multiple of a's (stream groups then
     * split evenly, so balanced channel assignments can only get better); fine only needs to grow.
     */
    private static boolean refines(Folding a, Folding b) {
        if (a instanceof Folding.Conv x && b instanceof Folding.Conv y) {
            return y.coarseIn() % x.coarseIn() == 0 && y.coarseOut() % x.coarseOut() == 0
                    && y.coarseGroup() % x.coarseGroup() == 0 && y.fine() >= x.fine() && !a.equals(b);
        }
        if (a instanceof Folding.InnerProduct x && b instanceof Folding.InnerProduct y) {
            return y.coarseIn() % x.coarseIn() == 0 && y.coarseOut() % x.coarseOut() == 0 && !a.equals(b);
        }
        if (a instanceof Folding.Coarse x && b instanceof Folding.Coarse y) return y.coarse() % x.coarse() == 0 && !a.equals(b);
        return false;
    }

    @Test
    void sparsityNeverSlowsAConvStage() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int k = 1 + 2 * rnd.nextInt(3), channels = 4 * (1 + rnd.nextInt(6));
            ConvSpec spec = new ConvSpec(new FeatureMap(6 + rnd.nextInt(10), 6 + rnd.nextInt(10), channels), 8 * (1 + rnd.nextInt(4)),
                    k, k, 1 + rnd.nextInt(2), 1 + rnd.nextInt(2), Padding.uniform(k / 2), 1, true, false, false);
            DenseConvStage dense = new DenseConvStage("d", spec, W);
            ConvStage sparse = k == 1
                    ? new PointwiseSparseConvStage("p", spec, W, randomZeros(rnd, channels), 1)
                    : new SparseConvStage("s", spec, W, randomHistograms(rnd, channels, k * k), rnd.nextBoolean());
            for (Folding f : foldings(dense)) {
                assertTrue(sparse.evaluate(f).latency() <= dense.evaluate(f).latency(), "trial " + trial + " " + f);
            }
        }
    }

    @Test
    void moreZerosNeverSlowASparseStage() {
        Random rnd = new Random(3);
        ConvSpec spec = new ConvSpec(new FeatureMap(16, 16, 16), 32, 3, 3, 1, 1, Padding.uniform(1), 1, false, false, false);
        for (double s = 0.1; s < 0.9; s += 0.1) {
            SparseConvStage lo = new SparseConvStage("lo", spec, W, ChannelHistograms.binomial(16, 9, s), true);
            SparseConvStage hi = new SparseConvStage("hi", spec, W, ChannelHistograms.binomial(16, 9, s + 0.05), true);
            for (Folding f : foldings(lo)) assertTrue(hi.evaluate(f).latency() <= lo.evaluate(f).latency(), s + " " + f);
        }
        assertNotNull(rnd);
    }

    private static double[] randomZeros(Random rnd, int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = rnd.nextDouble();
        return z;
    }

    @Test
    void binomialHalfAtFineOneIsExactlyHalfTheDenseCycles() {
        ConvSpec spec = new ConvSpec(new FeatureMap(28, 28, 64), 64, 3, 3, 1, 1, Padding.uniform(1), 1, false, false, false);
        SparseConvStage sparse = new SparseConvStage("A", spec, W, ChannelHistograms.binomial(64, 9, 0.5), true);
        DenseConvStage dense = new DenseConvStage("A dense", spec, W);
        Folding f = new Folding.Conv(1, 1, 1, 1);
        long d = dense.evaluate(f).latency(), s = sparse.evaluate(f).latency();
        assertEquals(28L * 28 * 64 * 64 * 9, d);
        assertEquals(d, 2 * s);
        // the HASS model's published speed-ups at equal DSPs for i.i.d. p = 0.5: 2.0× at fine 1, 1.64× at 3, 1.0× at 9
        double at3 = (double) dense.evaluate(new Folding.Conv(1, 1, 1, 3)).latency() / sparse.evaluate(new Folding.Conv(1, 1, 1, 3)).latency();
        assertEquals(1.64, at3, 0.01);
    }

    @Test
    void factoryFollowsTheReferenceParserRule() {
        ConvSpec k3 = ConvSpec.of(new FeatureMap(8, 8, 4), 8, 3, 1, 1, 1);
        ConvSpec k1 = ConvSpec.of(new FeatureMap(8, 8, 4), 8, 1, 1, 0, 1);
        assertEquals(ConvStage.Kind.DENSE, ConvStage.of("a", k3, W, null).kind());
        assertEquals(ConvStage.Kind.DENSE, ConvStage.of("b", k3, W, ChannelHistograms.binomial(4, 9, 0.05)).kind());
        assertEquals(ConvStage.Kind.SPARSE, ConvStage.of("c", k3, W, ChannelHistograms.binomial(4, 9, 0.3)).kind());
        assertEquals(ConvStage.Kind.POINTWISE_SPARSE, ConvStage.of("d", k1, W, ChannelHistograms.binomial(4, 1, 0.3)).kind());
        assertEquals(ConvStage.Kind.DENSE, ConvStage.of("e", k3, W, ChannelHistograms.binomial(4, 9, 0.3), ConvStage.Kind.DENSE).kind());
        // the sparse model may use any fine 1…K², the dense one only divisors
        assertEquals(List.of(1, 3, 9), ConvStage.of("f", k3, W, null).space().fine());
        assertEquals(9, ConvStage.of("g", k3, W, ChannelHistograms.binomial(4, 9, 0.3)).space().fine().size());
    }

    @Test
    void invalidFoldingNamesStageAndParameter() {
        Stage s = new DenseConvStage("conv7", ConvSpec.of(new FeatureMap(8, 8, 6), 8, 3, 1, 1, 1), W);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.evaluate(new Folding.Conv(4, 1, 1, 1)));
        assertTrue(e.getMessage().contains("conv7") && e.getMessage().contains("coarse_in=4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.evaluate(new Folding.Coarse(1)));
    }

    @Test
    void activationsStreamOneWordPerCycleWithTheirOwnDatapath() {
        FeatureMap m = new FeatureMap(14, 14, 32);
        for (ActivationStage.Function fn : ActivationStage.Function.values()) {
            ActivationStage a = new ActivationStage(fn.name(), m, fn, 16);
            StageMetrics s = a.evaluate(new Folding.Coarse(4));
            assertEquals(14 * 14 * 8, s.latency());
            assertEquals(0, s.pipelineDepth());
            assertEquals(4L * a.dspPerStream(), s.resources().dsp());
            assertTrue(s.resources().lut() > 0 && s.resources().ff() > 0);
        }
        // squeeze-excite multiply: the C×1×1 scale is buffered per stream
        EltwiseStage se = new EltwiseStage("se", new FeatureMap(14, 14, 512), EltwiseStage.Op.MUL, 2, true, 16);
        assertEquals(1, se.evaluate(new Folding.Coarse(8)).resources().bram() / 8);
        assertEquals(14 * 14 * 64, se.evaluate(new Folding.Coarse(8)).latency());
    }

    @Test
    void squeezeAndSplitMoveOneWordPerCyclePerPort() {
        StageMetrics q = SqueezeStage.cost(new FeatureMap(12, 12, 8), 8, 2, 16);
        assertEquals(576, q.latency());
        assertEquals(144, q.sizeIn());
        StageMetrics sp = new SplitStage("split", new FeatureMap(32, 32, 16), 2, 16).evaluate(new Folding.Coarse(16));
        assertEquals(1024, sp.latency());
        assertEquals(0, sp.resources().dsp());
    }

    @Test
    void evaluateIsFastEnoughForTheDse() {
        Random rnd = new Random(5);
        ConvSpec spec = new ConvSpec(new FeatureMap(28, 28, 128), 128, 3, 3, 1, 1, Padding.uniform(1), 1, true, false, false);
        SparseConvStage s = new SparseConvStage("big", spec, W, randomHistograms(rnd, 128, 9), true);
        List<Folding> all = foldings(s);
        for (Folding f : all) s.evaluate(f);   // fill the caches
        long t = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) sum += s.evaluate(all.get(i % all.size())).latency();
        double ms = (System.nanoTime() - t) / 1e6;
        assertTrue(sum > 0);
        assertTrue(ms < 2000, "2M evaluations took " + ms + " ms");
    }

    @Test
    void memoryArrayModelFollowsTheBram18AspectsAndTheLutramCutoffs() {
        // memories: under 1024 bits → LUTRAM; otherwise ceil(W/36) columns × ceil(D/aspect depth)
        assertEquals(0, Memory.bram18(63, 16));
        assertEquals(1, Memory.bram18(64, 16));
        assertEquals(1, Memory.bram18(1024, 18));
        assertEquals(2, Memory.bram18(1025, 18));
        assertEquals(2, Memory.bram18(512, 72));
        assertEquals(2, Memory.bram18(4097, 4));
        assertEquals(3, Memory.bram18(8193, 4));
        // FIFOs: at most 1024 bits or at most 32 words → shift-register LUTs
        assertEquals(0, Memory.fifoBram18(64, 16));
        assertEquals(0, Memory.fifoBram18(32, 3072));
        assertEquals(86, Memory.fifoBram18(33, 3072));
        assertEquals(1, Memory.fifoBram18(65, 16));
    }

    @Test
    void denseConvPacksStreamsSparseConvDoesNot() {
        ConvSpec c3 = new ConvSpec(new FeatureMap(14, 18, 64), 64, 3, 3, 1, 1, Padding.uniform(1), 1, true, false, false);
        DenseConvStage dense = new DenseConvStage("d", c3, W);
        SparseConvStage sparse = new SparseConvStage("s", c3, W, randomHistograms(new Random(3), 64, 9), true);
        int ci = 4, co = 4, fine = 3;
        long depth = 64L * 64 * 9 / (fine * ci * co);
        // dense: one weight word of 16·fine·ci·co bits; one bias word of 32·co bits; one window over ci streams
        long denseExpected = Memory.bram18(depth, 16L * fine * ci * co) + Memory.bram18(64 / co, 32L * co)
                + dense.slidingWindowBram(ci, 1);
        assertEquals(denseExpected, dense.resources(ci, co, 1, fine).bram());
        assertEquals(Memory.fifoBram18(20L * 16, 2 * ci * 16) + 3 * Memory.fifoBram18(16, 2 * ci * 16), dense.slidingWindowBram(ci, 1));
        // sparse: one 16-bit weight array per multiplier, one bias array per output stream, a window per input stream
        long sparseExpected = Memory.bram18(depth, 16) * fine * ci * co + Memory.bram18(64 / co, 32) * co
                + sparse.slidingWindowBram(ci, 1) * ci;
        assertEquals(sparseExpected, sparse.resources(ci, co, 1, fine).bram());
        // block floating point adds a shift and a scale memory per output stream
        ConvSpec bfp = new ConvSpec(new FeatureMap(14, 18, 64), 512, 3, 3, 1, 1, Padding.uniform(1), 1, false, true, false);
        ConvSpec plain = new ConvSpec(new FeatureMap(14, 18, 64), 512, 3, 3, 1, 1, Padding.uniform(1), 1, false, false, false);
        assertEquals(2 * Memory.bram18(512 / 2, 32) * 2,
                new DenseConvStage("b", bfp, W).resources(1, 2, 1, 1).bram() - new DenseConvStage("p", plain, W).resources(1, 2, 1, 1).bram());
    }
}
