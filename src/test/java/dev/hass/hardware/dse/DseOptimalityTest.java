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
import dev.hass.hardware.stage.StageMetrics;
import dev.hass.hardware.stage.Widths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * When DSPs are the only scarce resource the best interval has a brute-force answer: the smallest T
 * such that Σ over stages of the fewest DSPs any folding reaching T needs fits the budget (squeezes
 * use no DSPs). The DSE must find exactly that T.
 */
class DseOptimalityTest {
    static long effective(StageMetrics m) { return Math.max(m.latency(), Math.max(m.sizeIn(), m.sizeOut())); }

    static List<Folding> all(Stage.FoldingSpace sp) {
        List<Folding> l = new ArrayList<>();
        switch (sp.kind()) {
            case CONV -> {
                for (int cg : sp.coarseGroup()) for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) for (int f : sp.fine()) {
                    l.add(new Folding.Conv(ci, co, cg, f));
                }
            }
            case INNER_PRODUCT -> {
                for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) l.add(new Folding.InnerProduct(ci, co));
            }
            case COARSE -> {
                for (int c : sp.coarseIn()) l.add(new Folding.Coarse(c));
            }
        }
        return l;
    }

    static long bruteForceInterval(Pipeline p, long dspBudget) {
        List<long[][]> options = new ArrayList<>();   // per stage: {eff, dsp}
        TreeSet<Long> targets = new TreeSet<>();
        for (Stage s : p.stages()) {
            List<Folding> fs = all(s.space());
            long[][] o = new long[fs.size()][];
            for (int k = 0; k < fs.size(); k++) {
                StageMetrics m = s.evaluate(fs.get(k));
                o[k] = new long[] {effective(m), m.resources().dsp()};
                targets.add(o[k][0]);
            }
            options.add(o);
        }
        for (long t : targets) {
            long sum = 0;
            boolean reach = true;
            for (long[][] o : options) {
                long best = Long.MAX_VALUE;
                for (long[] x : o) if (x[0] <= t) best = Math.min(best, x[1]);
                if (best == Long.MAX_VALUE) { reach = false; break; }
                sum += best;
            }
            if (reach && sum <= dspBudget) return t;
        }
        throw new AssertionError("nothing fits");
    }

    @Test
    void withOnlyDspsScarceTheDseFindsTheBestInterval() {
        Platform z = Platforms.get("zcu102");
        Platform dspOnly = new Platform("zcu102-dsp-only", "", z.dsp(), z.bram18() * 100, 0, z.lut() * 100, z.ff() * 100,
                z.frequencyMhz(), z.dramGbps());
        for (String net : List.of("resnet8", "vgg_small")) {
            for (double s : new double[] {0, 0.5}) {
                Network n = Networks.builtIn(net);
                Map<String, ChannelHistograms> h = s > 0 ? Dse.uniform(n, s) : Map.of();
                Pipeline p = Lowering.lower(n, h, Widths.DEFAULT);
                long best = bruteForceInterval(p, (long) Math.floor(z.dsp() * 0.9));
                Design d = Dse.optimise(p, dspOnly, HardwareOptions.DEFAULT);
                assertTrue(d.feasible());
                long eff = 0;
                for (Design.StageDesign st : d.stages()) if (!st.derived()) eff = Math.max(eff, effective(st.metrics()));
                assertEquals(best, eff, net + " s=" + s);
                assertTrue(d.intervalCycles() <= best);
            }
        }
    }
}
