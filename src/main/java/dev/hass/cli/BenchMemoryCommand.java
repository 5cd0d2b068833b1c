package dev.hass.cli;

import dev.hass.bench.MemoryBenchmark;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hass bench memory}: designs of the ImageNet networks with the memory model (BRAM/URAM/DRAM). */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"DSE of every built-in ImageNet network on the given boards, widths and uniform sparsities:",
                "median DSE wall time, throughput, feasibility, binding constraint, weight placement and DRAM bandwidth."})
public final class BenchMemoryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--networks", split = ",", paramLabel = "NAMES", description = "Networks (default: all ImageNet ones).")
    List<String> networks = MemoryBenchmark.IMAGENET;

    @Option(names = "--platforms", split = ",", paramLabel = "BOARDS", description = "Boards (default: u250,zcu102).")
    List<String> platforms = List.of("u250", "zcu102");

    @Option(names = "--bits", split = ",", paramLabel = "N", description = "Widths (default: 16,8).")
    List<Integer> bits = List.of(16, 8);

    @Option(names = "--sparsity", split = ",", paramLabel = "S", description = "Uniform sparsities (default: 0,0.5).")
    List<Double> sparsity = List.of(0.0, 0.5);

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N", description = "Timed runs per case (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "W", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() {
        if (repeats < 1) throw new UsageException("--repeats must be >= 1, got " + repeats);
        if (warmup < 0) throw new UsageException("--warmup must be >= 0, got " + warmup);
        for (double s : sparsity) if (!(s >= 0 && s <= 1)) throw new UsageException("--sparsity must be in [0, 1], got " + s);
        for (int b : bits) if (b < 1 || b > 32) throw new UsageException("--bits must be in 1..32, got " + b);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-18s %-7s %4s %5s %9s %9s %10s %-4s %-15s %6s %4s %4s %4s %9s %8s%n", "network", "board", "bits", "S",
                "wall ms", "CPU ms", "FPS", "ok", "binding", "use%", "BRAM", "URAM", "DRAM", "DRAM Gb/s", "slowdown");
        out.flush();
        List<MemoryBenchmark.Case> cases;
        try {
            cases = MemoryBenchmark.grid(networks, platforms, bits, sparsity);
            for (MemoryBenchmark.Case c : cases) {
                MemoryBenchmark.Result r = MemoryBenchmark.run(c, warmup, repeats);
                out.printf(Locale.ROOT, "%-18s %-7s %4d %5.2f %9.1f %9.1f %10.1f %-4s %-15s %6.1f %4d %4d %4d %9.2f %8.3f%n", c.network(), c.platform(),
                        c.bits(), c.sparsity(), r.dseMs(), r.dseCpuMs(), r.fps(), r.feasible() ? "yes" : "NO", r.binding(), 100 * r.bindingUse(),
                        r.bram(), r.uram(), r.streamed(), r.dramGbps(), r.slowdown());
                out.flush();
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return 0;
    }
}
