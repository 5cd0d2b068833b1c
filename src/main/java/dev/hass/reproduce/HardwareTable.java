package dev.hass.reproduce;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Table 3: the hardware model alone at ImageNet shapes. Per network, the dense-engine design and the
 * sparse-engine design at uniform product sparsity s (Binomial(K², s) window histograms on every conv
 * input channel); throughput, DSP, efficiency and where the bottleneck sits.
 */
public final class HardwareTable {
    private HardwareTable() {}

    public static final String ID = "table3-imagenet-hardware";

    public static Table build(List<String> networks, List<Double> sparsities, String board, Consumer<String> progress) {
        Platform platform = Platforms.resolve(board);
        HardwareOptions options = HardwareOptions.DEFAULT;
        List<List<String>> rows = new ArrayList<>();
        for (String name : networks) {
            Network n = Networks.builtIn(name);
            double gop = 2.0 * n.macs() / 1e9;
            long t0 = System.nanoTime();
            Design dense = Dse.optimise(n, Map.of(), platform, options);
            rows.add(row(name, gop, "dense", "-", dense, dense));
            for (double s : sparsities) {
                Design d = Dse.optimise(n, Dse.uniform(n, s), platform, options);
                rows.add(row(name, gop, "sparse", Fmt.f(s, 1), d, dense));
            }
            progress.accept(String.format("table 3: %s done in %.1f s", name, (System.nanoTime() - t0) / 1e9));
        }
        return new Table(ID, "Table 3: hardware only, ImageNet shapes on " + board + " (dense vs sparse engines at uniform product sparsity)",
                List.of("network", "GOP/image", "engine", "product sparsity", "throughput (img/s, batch)", "steady-state (img/s)", "DSP",
                        "GOP/s/DSP (batch)", "GOP/s/DSP (steady)", "steady speed-up vs dense", "feasible", "bottleneck"),
                rows,
                List.of("Hardware model only (no accuracy): dense engine = the network without histograms; sparse engine = "
                                + "Binomial(K², s) window histograms on every conv input channel (Dse.uniform).",
                        "Board " + board + ", batch " + options.batch() + ", " + options.widths().data() + "-bit data, resource fraction "
                                + options.resourceFraction() + "; GOP counts the dense network's operations (2 × MAC).",
                        "throughput (batch) = batch × f / (pipeline depth + batch × interval), the model's own figure; steady-state = f / interval "
                                + "(one image per interval once the pipeline is full). Where the two differ by orders of magnitude the "
                                + "pipeline depth of the model is suspect (reported to the hardware owners).",
                        "feasible = fits the board's resources × fraction; an infeasible row is the minimal design the DSE returns when even "
                                + "that does not fit (weights are held on chip in this model).",
                        "bottleneck = the stage that sets the pipeline interval (name, type)."));
    }

    /** Images per second once the pipeline is full: one per interval. */
    static double steady(Design d) {
        return d.platform().frequencyHz() / d.intervalCycles();
    }

    private static List<String> row(String name, double gop, String engine, String s, Design d, Design dense) {
        long dsp = d.resources().dsp();
        double eff = dsp > 0 ? gop * d.throughput() / dsp : Double.NaN;
        Design.StageDesign b = d.bottleneck();
        double steady = steady(d);
        return List.of(name, Fmt.f(gop, 2), engine, s, Fmt.f(d.throughput(), 0), Fmt.f(steady, 0), Long.toString(dsp),
                Fmt.f(eff, 3), Fmt.f(dsp > 0 ? gop * steady / dsp : Double.NaN, 3),
                Fmt.f(steady / steady(dense), 2) + "×", d.feasible() ? "yes" : "no: " + String.join(" ", d.violations()),
                b.name() + " (" + b.type() + ")");
    }
}
