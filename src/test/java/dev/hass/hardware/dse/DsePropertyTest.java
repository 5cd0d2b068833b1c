package dev.hass.hardware.dse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.Widths;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the optimiser. Interval (the throughput-setting quantity) is asserted exactly; the
 * pipeline fill is shortened by a local search, so throughput, which also depends on it (by a few
 * per cent at most at B = 256), is asserted within {@link #FILL_TOLERANCE}.
 */
class DsePropertyTest {
    static final double FILL_TOLERANCE = 0.03;

    private static Platform scaledDsp(Platform p, double k) {
        return new Platform(p.name() + "x" + k, p.part(), Math.round(p.dsp() * k), p.bram18(), p.uram(), p.lut(), p.ff(),
                p.frequencyMhz(), p.dramGbps());
    }

    private static void assertNotSlower(Design smaller, Design larger, String what) {
        assertTrue(larger.feasible() || !smaller.feasible(), what + ": feasible with less, infeasible with more");
        if (!smaller.feasible()) return;
        assertTrue(larger.intervalCycles() <= smaller.intervalCycles(),
                what + ": interval " + smaller.intervalCycles() + " → " + larger.intervalCycles());
        assertTrue(larger.throughput() >= smaller.throughput() * (1 - FILL_TOLERANCE),
                what + ": " + smaller.throughput() + " → " + larger.throughput());
    }

    @Test
    void moreDspsNeverLowerThroughput() {
        for (String net : List.of("resnet8", "vgg_small")) {
            Network n = Networks.builtIn(net);
            for (double s : new double[] {0, 0.5}) {
                Map<String, ChannelHistograms> h = s > 0 ? Dse.uniform(n, s) : Map.of();
                Design prev = null;
                for (double k : new double[] {0.5, 0.75, 1, 1.5, 2}) {
                    Design d = Dse.optimise(n, h, scaledDsp(Platforms.get("zcu102"), k), HardwareOptions.DEFAULT);
                    if (prev != null) assertNotSlower(prev, d, net + " s=" + s + " DSP×" + k);
                    prev = d;
                }
            }
        }
    }

    @Test
    void aLargerResourceFractionNeverLowersThroughput() {
        Network n = Networks.builtIn("resnet8");
        Map<String, ChannelHistograms> h = Dse.uniform(n, 0.5);
        for (String board : List.of("zcu102", "zc706")) {
            Design prev = null;
            for (double f : new double[] {0.3, 0.5, 0.7, 0.9, 1.0}) {
                Design d = Dse.optimise(n, h, Platforms.get(board), HardwareOptions.DEFAULT.withResourceFraction(f));
                if (prev != null) assertNotSlower(prev, d, board + " fraction " + f);
                prev = d;
            }
        }
    }

    @Test
    void sparsityNeverSlowsALayer() {
        Network n = Networks.builtIn("resnet8");
        Map<String, ChannelHistograms> h1 = Dse.uniform(n, 0.3), h2 = Dse.uniform(n, 0.7);
        Pipeline p1 = Lowering.lower(n, h1, Widths.DEFAULT), p2 = Lowering.lower(n, h2, Widths.DEFAULT);
        for (int i = 0; i < p1.size(); i++) {
            Stage a = p1.stages().get(i), b = p2.stages().get(i);
            Stage.FoldingSpace sp = a.space();
            if (sp.kind() != Stage.FoldingSpace.Kind.CONV) continue;
            for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) for (int f : sp.fine()) {
                Folding fo = new Folding.Conv(ci, co, 1, f);
                assertTrue(b.evaluate(fo).latency() <= a.evaluate(fo).latency(), a.name() + " " + fo);
            }
        }
    }

    @Test
    void moreSparsityNeverLengthensTheOptimisedInterval() {
        Network n = Networks.builtIn("resnet8");
        Design prev = null;
        for (double s : new double[] {0.3, 0.5, 0.7, 0.9}) {
            Design d = Dse.optimise(n, Dse.uniform(n, s), Platforms.get("zcu102"), HardwareOptions.DEFAULT);
            if (prev != null) assertNotSlower(prev, d, "sparsity " + s);
            prev = d;
        }
    }

    @Test
    void infeasibleDesignsAreNeverReturnedAsBest() {
        Random rnd = new Random(7);
        Network n = Networks.builtIn("resnet8");
        Map<String, ChannelHistograms> h = Dse.uniform(n, 0.5);
        Pipeline p = Lowering.lower(n, h, Widths.DEFAULT);
        Design minimal = Dse.minimal(p, Platforms.get("u250"), HardwareOptions.DEFAULT);
        int infeasible = 0;
        for (int t = 0; t < 12; t++) {
            double k = Math.exp(rnd.nextDouble() * Math.log(200)) / 100;   // 1 % … 200 % of a zcu102
            Platform b = new Platform("random" + t, "", Math.max(1, Math.round(2520 * k)), Math.round(1824 * k), 0,
                    Math.max(1, Math.round(274080 * k)), Math.max(1, Math.round(548160 * k)), 200, 153.6);
            Design d = Dse.optimise(p, b, HardwareOptions.DEFAULT);
            if (d.feasible()) {
                assertTrue(d.resources().fitsWithin(b.limits(), 0.9), b + " " + d.resources());
                assertTrue(d.throughput() >= minimal.throughput() * (1 - FILL_TOLERANCE));
                assertTrue(d.boundRatio() <= 1 + 1e-9, "bound ratio " + d.boundRatio());
            } else {
                infeasible++;
                assertEquals(minimal.foldings(), d.foldings(), "only the minimal design may come back infeasible");
                assertTrue(!d.violations().isEmpty());
                assertTrue(!minimal.resources().fitsWithin(b.limits(), 0.9));
            }
        }
        assertTrue(infeasible > 0, "the random boards include some too small for resnet8");
    }
}
