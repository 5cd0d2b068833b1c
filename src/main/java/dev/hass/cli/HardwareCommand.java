package dev.hass.cli;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.BestKnown;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.DesignReport;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.stage.Widths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hass hardware}: the optimised accelerator design of a network on a board. */
@Command(name = "hardware", mixinStandardHelpOptions = true,
        header = "Optimise the accelerator for a network on a board and print the design.",
        description = {"Optimise the dataflow accelerator (folding of every layer) for a network on a board and print",
                "the per-stage table and totals: throughput, latency, resources, bound ratio, binding resource,",
                "and how far the design is from the best known (the reference's greedy folding; for a sparse",
                "network also every conv on the dense engine)."},
        subcommands = {HardwareCheckReferenceCommand.class})
public final class HardwareCommand implements Callable<Integer> {
    /** The built-in network names, for --help. */
    static final class NetworkNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return Networks.names().iterator(); }
    }

    @Spec CommandSpec spec;

    static final class Source {
        @Option(names = "--network", paramLabel = "NAME", completionCandidates = NetworkNames.class,
                description = "A built-in network: ${COMPLETION-CANDIDATES}.")
        String network;

        @Option(names = "--onnx", paramLabel = "FILE", description = "An ONNX model (Conv nodes may carry channel_sparsity_hist).")
        Path onnx;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(names = "--platform", paramLabel = "BOARD",
            description = "Board name (u250, u200, vcu1525, u50, zcu102, zcu104, vc709, zc706) or a board JSON file.")
    String platform;

    @Option(names = "--sparsity", paramLabel = "S",
            description = "Uniform sparsity in [0, 1] for every conv layer (Binomial(K², S) window histograms); "
                    + "default: dense, or the ONNX file's histograms.")
    Double sparsity;

    @Option(names = "--resource-fraction", paramLabel = "F", defaultValue = "0.9",
            description = "Fraction of every board resource a design may use, in (0, 1] (default ${DEFAULT-VALUE}).")
    double resourceFraction;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "256", description = "Frames per batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--bits", paramLabel = "N", defaultValue = "16",
            description = "Fixed-point width of activations and weights, 1..32 (accumulators 32); 8 halves weight memory and packs two multipliers per DSP (default ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        // checked here, not by picocli: the subcommand check-reference takes none of these
        if (source == null) throw new UsageException("give --network NAME or --onnx FILE; built-in networks: " + String.join(", ", Networks.names()));
        if (platform == null) throw new UsageException("give --platform BOARD; allowed: " + String.join(", ", Platforms.names()) + " or a board JSON file");
        if (sparsity != null && !(sparsity >= 0 && sparsity <= 1)) {
            throw new UsageException("--sparsity must be in [0, 1], got " + sparsity);
        }
        if (!(resourceFraction > 0 && resourceFraction <= 1)) {
            throw new UsageException("--resource-fraction must be in (0, 1], got " + resourceFraction);
        }
        if (batch < 1) throw new UsageException("--batch must be >= 1, got " + batch);
        if (bits < 1 || bits > 32) throw new UsageException("--bits must be in 1..32, got " + bits);
        Platform board;
        try {
            board = Platforms.resolve(platform);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--platform: " + e.getMessage());
        }
        Network network;
        Map<String, ChannelHistograms> histograms = Map.of();
        if (source.network != null) {
            try {
                network = Networks.builtIn(source.network);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--network: " + e.getMessage());
            }
        } else {
            if (!Files.isRegularFile(source.onnx)) throw new UsageException("--onnx: no such file " + source.onnx);
            try {
                ImportedNetwork in = OnnxImport.read(source.onnx);
                network = in.network();
                histograms = in.histograms();
            } catch (IOException e) {
                throw new UsageException("--onnx " + source.onnx + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--onnx " + source.onnx + ": " + e.getMessage());
            }
        }
        if (sparsity != null) histograms = Dse.uniform(network, sparsity);
        HardwareOptions options = HardwareOptions.DEFAULT.withBatch(batch).withResourceFraction(resourceFraction)
                .withWidths(new Widths(bits, bits, 32));
        Design d = Dse.optimise(network, histograms, board, options);
        // how far from the best known: the reference's greedy folding, and the dense engines for a sparse network
        BestKnown best = BestKnown.of(d);
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(DesignReport.json(d, best));
        else DesignReport.table(d, best).forEach(out::println);
        out.flush();
        return 0;
    }
}
