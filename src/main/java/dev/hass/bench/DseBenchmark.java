package dev.hass.bench;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.pipeline.Lowering;
import dev.hass.hardware.pipeline.Pipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Wall and CPU time of the DSE on the benchmark cases of the issue: resnet8 on u250 and zcu102,
 * resnet18, resnet50 and mobilenet_v2 on u250, every conv layer at uniform sparsity S. Each case is
 * lowered once, warmed up, then timed {@code repeats} times (median). The baseline measured in the same
 * run is one evaluation of the minimal folding (what a single design evaluation costs), so the ratio
 * DSE / baseline says how many design evaluations the whole optimisation is worth.
 */
public final class DseBenchmark {
    private DseBenchmark() {}

    public record Case(String network, String platform) {}

    public static final List<Case> CASES = List.of(new Case("resnet8", "u250"), new Case("resnet8", "zcu102"),
            new Case("resnet18", "u250"), new Case("resnet50", "u250"), new Case("mobilenet_v2", "u250"));

    /** Medians in milliseconds. */
    public record Result(Case c, int stages, double dseWallMs, double dseCpuMs, double baselineWallMs,
                         double baselineCpuMs, double fps, boolean feasible, double boundRatio) {
        public double ratio() { return dseCpuMs / Math.max(baselineCpuMs, 1e-6); }
    }

    public static List<Result> run(List<Case> cases, double sparsity, int warmup, int repeats) {
        List<Result> out = new ArrayList<>();
        for (Case c : cases) out.add(run(c, sparsity, warmup, repeats));
        return out;
    }

    public static Result run(Case c, double sparsity, int warmup, int repeats) {
        Network net = Networks.builtIn(c.network());
        Platform board = Platforms.get(c.platform());
        Map<String, ChannelHistograms> h = sparsity > 0 ? Dse.uniform(net, sparsity) : Map.of();
        HardwareOptions o = HardwareOptions.DEFAULT;
        Pipeline p = Lowering.lower(net, h, o.widths());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Design d = null;
        for (int i = 0; i < warmup; i++) {
            d = Dse.optimise(Lowering.lower(net, h, o.widths()), board, o);
            Dse.minimal(p, board, o);
        }
        double[] wall = new double[repeats], cpu = new double[repeats], bw = new double[repeats], bc = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            // a fresh pipeline each time: no cached stage metrics carry over between runs
            Pipeline fresh = Lowering.lower(net, h, o.widths());
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            d = Dse.optimise(fresh, board, o);
            long c1 = mx.getCurrentThreadCpuTime(), t1 = System.nanoTime();
            Pipeline fresh2 = Lowering.lower(net, h, o.widths());
            long c2 = mx.getCurrentThreadCpuTime(), t2 = System.nanoTime();
            Dse.minimal(fresh2, board, o);
            long c3 = mx.getCurrentThreadCpuTime(), t3 = System.nanoTime();
            wall[i] = (t1 - t0) / 1e6;
            cpu[i] = (c1 - c0) / 1e6;
            bw[i] = (t3 - t2) / 1e6;
            bc[i] = (c3 - c2) / 1e6;
        }
        return new Result(c, p.size(), median(wall), median(cpu), median(bw), median(bc), d.throughput(), d.feasible(), d.boundRatio());
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
