package dev.hass.cli;

import dev.hass.bench.DseBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hass bench hardware}: DSE wall and CPU time on the benchmark networks. */
@Command(name = "hardware", mixinStandardHelpOptions = true,
        description = {"Time the DSE (folding optimiser) on resnet8 (u250, zcu102) and resnet18, resnet50,",
                "mobilenet_v2 (u250), every conv at uniform sparsity S: median of N runs after warm-up, wall and",
                "thread CPU time, and the ratio to one evaluation of the minimal design measured in the same run."})
public final class BenchHardwareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--repeats", defaultValue = "11", paramLabel = "N", description = "Timed runs per case (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "W", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--sparsity", defaultValue = "0.5", paramLabel = "S", description = "Uniform sparsity of every conv, in [0, 1] (default ${DEFAULT-VALUE}).")
    double sparsity;

    @Override
    public Integer call() {
        if (repeats < 1) throw new UsageException("--repeats must be >= 1, got " + repeats);
        if (warmup < 0) throw new UsageException("--warmup must be >= 0, got " + warmup);
        if (!(sparsity >= 0 && sparsity <= 1)) throw new UsageException("--sparsity must be in [0, 1], got " + sparsity);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "DSE time, median of %d after %d warm-up runs, sparsity %.2f (CPU = this thread's CPU time)%n", repeats, warmup, sparsity);
        out.printf(Locale.ROOT, "%-14s %-8s %6s %12s %12s %14s %10s %12s %6s%n", "network", "board", "stages", "wall ms", "CPU ms",
                "baseline CPU ms", "ratio", "FPS", "bound");
        out.flush();
        for (DseBenchmark.Case c : DseBenchmark.CASES) {
            DseBenchmark.Result r = DseBenchmark.run(c, sparsity, warmup, repeats);
            out.printf(Locale.ROOT, "%-14s %-8s %6d %12.2f %12.2f %14.3f %9.0fx %12.1f %6.3f%s%n", c.network(), c.platform(), r.stages(),
                    r.dseWallMs(), r.dseCpuMs(), r.baselineCpuMs(), r.ratio(), r.fps(), r.boundRatio(), r.feasible() ? "" : "  (infeasible)");
            out.flush();
        }
        return 0;
    }
}
