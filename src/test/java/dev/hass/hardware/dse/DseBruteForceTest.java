package dev.hass.hardware.dse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import dev.hass.hardware.stage.Widths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On networks small enough to search exhaustively — every folding of every stage, every implementation
 * variant (weights in BRAM/URAM/DRAM, sparse or dense engine) — on boards where DSP, LUT or BRAM bind,
 * the DSE reaches at least 0.97 of the optimum throughput.
 */
class DseBruteForceTest {
    static final double REQUIRED = 0.97;

    /** One stage option: the implementation, its folding and metrics. */
    record Option(Stage stage, Folding folding, StageMetrics metrics) {}

    static List<Option> options(Pipeline p, int i) {
        List<Option> out = new ArrayList<>();
        for (Stage s : p.variants(i)) {
            for (Folding f : DseOptimalityTest.all(s.space())) out.add(new Option(s, f, s.evaluate(f)));
        }
        out.sort(Comparator.comparingLong(o -> o.metrics().latency()));
        return out;
    }

    /** Best feasible throughput over the whole lattice (depth-first, exact pruning). */
    static final class Exhaustive {
        final Pipeline p;
        final Platform board;
        final HardwareOptions o;
        final List<List<Option>> opts = new ArrayList<>();
        final double[] avail = new double[5];
        final Option[] chosen;
        double best = 0;
        long leaves = 0;
        Design bestDesign;

        Exhaustive(Pipeline p, Platform board, HardwareOptions o) {
            this.p = p;
            this.board = board;
            this.o = o;
            for (int i = 0; i < p.size(); i++) opts.add(options(p, i));
            long[] lim = Dse.toArray(board.limits());
            for (int r = 0; r < 5; r++) avail[r] = Math.floor(lim[r] * o.resourceFraction());
            chosen = new Option[p.size()];
        }

        double run() {
            visit(0, new long[5], 0);
            return best;
        }

        private void visit(int i, long[] used, long maxLatency) {
            // no design beats f / interval, and the interval is at least the slowest stage's latency
            if (maxLatency > 0 && board.frequencyHz() / maxLatency <= best) return;
            if (i == p.size()) {
                leaves++;
                List<Stage> s = new ArrayList<>();
                List<Folding> f = new ArrayList<>();
                for (Option c : chosen) { s.add(c.stage()); f.add(c.folding()); }
                Design d = Design.evaluate(p, s, f, board, o);
                if (d.feasible() && d.throughput() > best) { best = d.throughput(); bestDesign = d; }
                return;
            }
            for (Option c : opts.get(i)) {
                long[] u = used.clone();
                long[] r = Dse.toArray(c.metrics().resources());
                boolean fits = true;
                for (int q = 0; q < 5; q++) { u[q] += r[q]; if (u[q] > avail[q]) fits = false; }
                if (!fits) continue;   // squeezes only add to the core stages' resources
                chosen[i] = c;
                visit(i + 1, u, Math.max(maxLatency, c.metrics().latency()));
            }
        }
    }

    /** Two 3×3 convs with ReLUs on an 8×8 map: a few hundred thousand designs. */
    static Network tiny(int channels, int filters) {
        return Network.builder("tiny_" + channels + "_" + filters, new TensorShape(channels, 8, 8))
                .conv("conv1", filters, 3, 1, 1).relu("relu1").conv("conv2", filters, 3, 1, 1).relu("relu2").build();
    }

    /** A board scaled to the minimal design so that the named resource binds first. */
    static Platform scarce(Pipeline p, String binding) {
        Resources min = Dse.minimal(p, Platforms.get("zcu102"), HardwareOptions.DEFAULT).resources();
        long dsp = Math.max(4, min.dsp()), bram = Math.max(4, min.bram()), lut = min.lut();
        return switch (binding) {
            case "DSP" -> new Platform("tiny-dsp", "", dsp * 12, bram * 40 + 40, 0, lut * 40, lut * 80, 200, 100);
            case "LUT" -> new Platform("tiny-lut", "", dsp * 200, bram * 40 + 40, 0, lut * 3, lut * 80, 200, 100);
            default -> new Platform("tiny-bram", "", dsp * 200, bram * 3 + 4, 0, lut * 40, lut * 80, 200, 100);
        };
    }

    @Test
    void dseReachesNinetySevenPercentOfTheExhaustiveOptimum() {
        StringBuilder table = new StringBuilder();
        List<String> short_ = new ArrayList<>();
        for (Network n : List.of(tiny(2, 4), tiny(4, 4))) {
            for (double s : new double[] {0, 0.5}) {
                Map<String, ChannelHistograms> h = s > 0 ? Dse.uniform(n, s) : Map.of();
                Pipeline p = Lowering.lower(n, h, Widths.DEFAULT);
                for (String binding : List.of("DSP", "LUT", "BRAM")) {
                    Platform board = scarce(p, binding);
                    Exhaustive x = new Exhaustive(p, board, HardwareOptions.DEFAULT);
                    double optimum = x.run();
                    Design d = Dse.optimise(p, board, HardwareOptions.DEFAULT);
                    assertTrue(optimum > 0, n.name() + " on " + board.name() + ": something must fit");
                    assertTrue(d.feasible(), n.name() + " s=" + s + " on " + board.name());
                    assertTrue(d.throughput() <= optimum * (1 + 1e-9), "nothing beats the exhaustive optimum: " + d.throughput() + " > " + optimum);
                    double ratio = d.throughput() / optimum;
                    table.append(String.format(Locale.ROOT, "%-10s s=%.1f %-9s optimum %10.1f dse %10.1f  %.4f  (%d designs evaluated)%n",
                            n.name(), s, board.name(), optimum, d.throughput(), ratio, x.leaves));
                    if (ratio < REQUIRED) short_.add(n.name() + " s=" + s + " " + board.name() + ": " + ratio);
                    if (ratio < REQUIRED && Boolean.getBoolean("hass.dse.trace")) {
                        DesignReport.table(d).forEach(System.out::println);
                        DesignReport.table(x.bestDesign).forEach(System.out::println);
                    }
                }
            }
        }
        System.out.print(table);
        assertTrue(short_.isEmpty(), "below " + REQUIRED + " of the optimum:\n" + String.join("\n", short_) + "\n" + table);
    }
}
