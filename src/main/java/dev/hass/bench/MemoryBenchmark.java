package dev.hass.bench;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.dse.MemoryPlan;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.memory.WeightStorage;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Widths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The memory-model acceptance grid: every built-in ImageNet network on the given boards, at the given
 * widths and uniform sparsities; per case the DSE's median wall time (after warm-up, a fresh pipeline
 * each run; wall and this thread's CPU time) and what the design reaches: throughput, feasibility, binding constraint, where the weights
 * live and the DRAM bandwidth used.
 */
public final class MemoryBenchmark {
    private MemoryBenchmark() {}

    /** The networks of the grid: every built-in ImageNet network. */
    public static final List<String> IMAGENET = Networks.imageNetNames();

    public record Case(String network, String platform, int bits, double sparsity) {}

    public record Result(Case c, double dseMs, double dseCpuMs, double fps, boolean feasible, String binding, double bindingUse,
                         long bram, long uram, long streamed, double dramGbps, double slowdown, Resources resources) {}

    public static List<Case> grid(List<String> networks, List<String> boards, List<Integer> bits, List<Double> sparsities) {
        List<Case> out = new ArrayList<>();
        for (String n : networks) for (String b : boards) for (int w : bits) for (double s : sparsities) out.add(new Case(n, b, w, s));
        return out;
    }

    public static Result run(Case c, int warmup, int repeats) {
        Network net = Networks.builtIn(c.network());
        Platform board = Platforms.get(c.platform());
        Map<String, ChannelHistograms> h = c.sparsity() > 0 ? Dse.uniform(net, c.sparsity()) : Map.of();
        HardwareOptions o = HardwareOptions.DEFAULT.withWidths(new Widths(c.bits(), c.bits(), 32));
        Design d = null;
        for (int i = 0; i < warmup; i++) d = Dse.optimise(Lowering.lower(net, h, o.widths()), board, o);
        double[] ms = new double[Math.max(1, repeats)], cpu = new double[ms.length];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < ms.length; i++) {
            Pipeline fresh = Lowering.lower(net, h, o.widths());
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            d = Dse.optimise(fresh, board, o);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        MemoryPlan p = MemoryPlan.of(d);
        return new Result(c, DseBenchmark.median(ms), DseBenchmark.median(cpu), d.throughput(), d.feasible(), p.binding(), p.bindingUse(),
                p.stagesIn(WeightStorage.BRAM), p.stagesIn(WeightStorage.URAM), p.stagesIn(WeightStorage.STREAMED),
                p.dramGbps(), p.slowdown(), d.resources());
    }
}
