package dev.hass.hardware.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.memory.OffChipWeights;
import dev.hass.hardware.memory.WeightMemory;
import dev.hass.hardware.memory.WeightStorage;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bandwidth, slowdown and the DSE's joint folding/storage choice. */
class MemoryPlanTest {

    private static Platform withDram(Platform p, double gbps) {
        return new Platform(p.name() + "@" + gbps, p.part(), p.dsp(), p.bram18(), p.uram(), p.lut(), p.ff(), p.frequencyMhz(), gbps);
    }

    /** Every weight-bearing stage streamed, the rest as lowered, all at the minimal folding. */
    private static Design allStreamed(Pipeline p, Platform board, HardwareOptions o) {
        List<Stage> chosen = new ArrayList<>();
        List<Folding> f = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            Stage s = p.stages().get(i);
            Stage pick = s;
            for (Stage v : p.variants(i)) if (v instanceof OffChipWeights) pick = v;
            chosen.add(pick);
            f.add(s.minimal());
        }
        return Design.evaluate(p, chosen, f, board, o);
    }

    private static long words(TensorShape t) { return (long) t.channels() * t.rows() * t.cols(); }

    @Test
    void slowdownStretchesTheIntervalByTheBandwidthExcess() {
        Network n = Networks.builtIn("resnet8");
        HardwareOptions o = HardwareOptions.DEFAULT;
        Pipeline p = Lowering.lower(n, Map.of(), o.widths());
        Platform board = withDram(Platforms.get("zcu102"), 1.0);
        Design d = allStreamed(p, board, o);
        // hand: input and output words at 16 bits (28×28×1 in, 10 out), plus every streamed weight × its output windows
        assertEquals(28 * 28, words(n.input()));
        double bits = (words(n.input()) + words(n.outputShape())) * 16.0;
        long streamed = 0;
        for (Stage s : d.stageChoices()) {
            if (s instanceof OffChipWeights w) {
                streamed++;
                bits += (double) WeightMemory.weightBits(w.onChip()) * WeightMemory.reusePerFrame(w.onChip());
            }
        }
        assertTrue(streamed >= 8, "resnet8 has at least 8 conv/fc stages, streamed " + streamed);
        long interval = d.intervalCycles();
        double gbps = bits * 200e6 / interval / 1e9;
        assertEquals(gbps, d.offChipGbps(), gbps * 1e-12);
        double slowdown = gbps / 1.0;
        assertTrue(slowdown > 1, "1 Gb/s cannot carry " + gbps + " Gb/s");
        assertEquals(slowdown, d.slowdown(), slowdown * 1e-12);
        assertEquals((long) Math.floor(Math.ceil(interval * slowdown) * 256 + d.pipelineDepthCycles()), d.batchCycles());
        // the slowed-down design moves exactly the board's bandwidth (up to the pipeline fill)
        assertTrue(d.throughput() * bits <= 1.0e9 * (1 + 1e-9));
        MemoryPlan plan = MemoryPlan.of(d);
        assertFalse(plan.withinBandwidth());
        assertTrue(plan.bandwidthVerdict().startsWith("bandwidth-bound: slowdown"));
        assertEquals("DRAM bandwidth", plan.binding());
        assertEquals(streamed, plan.stagesIn(WeightStorage.STREAMED));
        assertEquals(d.offChipGbps(), plan.ioGbps() + plan.weightGbps(), 1e-9 * d.offChipGbps());
        // on a board with enough bandwidth the same choice runs at its interval
        Design fast = allStreamed(p, withDram(board, gbps * 1.01), o);
        assertEquals(1.0, fast.slowdown());
        assertTrue(MemoryPlan.of(fast).withinBandwidth());
    }

    /** Frames/s × bits per frame never exceeds the board's bandwidth: streaming is never free. */
    private static void assertWithinBandwidth(Design d, String what) {
        double bitsPerFrame = d.offChipGbps() * 1e9 * d.intervalCycles() / d.platform().frequencyHz();
        assertTrue(d.throughput() * bitsPerFrame <= d.platform().dramGbps() * 1e9 * (1 + 1e-9),
                what + ": " + d.throughput() + " FPS × " + bitsPerFrame + " bits > " + d.platform().dramGbps() + " Gb/s");
        if (d.offChipGbps() > d.platform().dramGbps()) assertTrue(d.slowdown() > 1, what + ": over bandwidth without slowdown");
    }

    @Test
    void moreBandwidthNeverLowersThroughput() {
        for (String net : List.of("resnet8", "mobilenet_small")) {
            Network n = Networks.builtIn(net);
            for (double s : new double[] {0, 0.5}) {
                Map<String, ChannelHistograms> h = s > 0 ? Dse.uniform(n, s) : Map.of();
                Design prev = null;
                for (double gbps : new double[] {0.05, 0.5, 5, 50, 500}) {
                    Design d = Dse.optimise(n, h, withDram(Platforms.get("zcu102"), gbps), HardwareOptions.DEFAULT);
                    String what = net + " s=" + s + " " + gbps + " Gb/s";
                    assertWithinBandwidth(d, what);
                    if (prev != null) {
                        assertTrue(d.feasible() || !prev.feasible(), what + ": feasible with less bandwidth only");
                        assertTrue(d.throughput() >= prev.throughput() * (1 - DsePropertyTest.FILL_TOLERANCE),
                                what + ": " + prev.throughput() + " → " + d.throughput());
                    }
                    prev = d;
                }
            }
        }
    }

    @Test
    void resnet18OnU250FitsOnChipAndSparsityPays() {
        Network n = Networks.builtIn("resnet18");
        Platform u250 = Platforms.get("u250");
        HardwareOptions o = HardwareOptions.DEFAULT;
        Design sparse = Dse.optimise(n, Dse.uniform(n, 0.5), u250, o);
        Design dense = Dse.optimise(n, Map.of(), u250, o);
        for (Design d : List.of(sparse, dense)) {
            assertTrue(d.feasible(), d.violations().toString());
            Resources r = d.resources(), l = u250.limits();
            assertTrue(r.dsp() <= l.dsp() * 0.9 && r.bram() <= l.bram() * 0.9 && r.uram() <= l.uram() * 0.9
                    && r.lut() <= l.lut() * 0.9 && r.ff() <= l.ff() * 0.9, r.toString());
            assertWithinBandwidth(d, "resnet18 u250");
            // every weight lives somewhere: conv and fc stages all have a storage
            assertEquals(21, MemoryPlan.of(d).stages().size());
        }
        // the reference's optimiser reached 311 images/s on this case (issue 9): at least 3×, and sparsity pays
        assertTrue(sparse.throughput() >= 3 * 311, "resnet18 p=0.5 u250: " + sparse.throughput());
        assertTrue(sparse.throughput() > dense.throughput(), sparse.throughput() + " vs dense " + dense.throughput());
        // 11.7 M weights at 16 bits do not fit in BRAM alone: URAM must hold some
        assertTrue(sparse.resources().uram() > 0 || MemoryPlan.of(sparse).stagesIn(WeightStorage.STREAMED) > 0);
    }

    @Test
    void everyImageNetNetworkGetsAFeasibleDesignOnTheZcu102() {
        // the scarcest memory case: no URAM, 153.6 Gb/s, 16-bit weights, sparse layers (unpacked arrays)
        Platform zcu102 = Platforms.get("zcu102");
        for (String net : Networks.imageNetNames()) {
            Network n = Networks.builtIn(net);
            Design d = Dse.optimise(n, Dse.uniform(n, 0.5), zcu102, HardwareOptions.DEFAULT);
            assertTrue(d.feasible(), net + ": " + d.violations());
            assertEquals(0, d.resources().uram(), net);
            assertTrue(d.throughput() > 0, net);
            assertWithinBandwidth(d, net + " zcu102");
        }
    }
}
