package dev.hass.cli;

import dev.hass.hardware.onnx.OnnxGraph;
import dev.hass.hardware.onnx.OnnxImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass inspect MODEL.onnx}: what the search would see of a user's network. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Show what a search would do with an ONNX network.",
        description = {"Show what a search would do with an ONNX network: its prunable layers (Conv and Gemm nodes),",
                "their weight shapes, the search parameters (tw.<layer> weight thresholds, ta.<layer> activation",
                "thresholds), and whether the hardware model supports every op (exit 2 naming those it does not)."})
public final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL.onnx", description = "The network, as exported by torch.onnx.export or hass export.")
    Path file;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) throw new UsageException(file + ": no such file");
        OnnxGraph g;
        try {
            g = OnnxGraph.read(file);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: input %s %s, output %s %s%n", file, g.inputName(), Arrays.toString(g.inputDims()),
                g.outputName(), g.outputDims() == null ? "[?]" : Arrays.toString(g.outputDims()));
        List<OnnxGraph.Layer> layers = g.layers();
        int w = Math.max(5, layers.stream().mapToInt(l -> l.name().length()).max().orElse(5));
        out.printf("%d prunable layers (-1 in a shape: set at run time):%n", layers.size());
        out.printf("  %-" + w + "s  %-4s  %-18s  %5s  %5s  %6s  %3s  %6s  %s%n", "layer", "op", "weight", "in", "out", "kernel", "pad", "groups", "parameters");
        for (OnnxGraph.Layer l : layers) {
            out.printf("  %-" + w + "s  %-4s  %-18s  %5d  %5d  %6s  %3d  %6d  %s%n", l.name(), l.op(), Arrays.toString(l.weightShape()),
                    l.inChannels(), l.outChannels(), l.conv() ? l.kernel() + "/" + l.stride() : "-", l.padding(), l.groups(),
                    l.readsImage() ? l.weightParameter() + "   (reads the image: no activation threshold)"
                            : l.weightParameter() + "  " + l.activationParameter());
        }
        List<String> unsupported = g.unsupportedOps();
        if (!unsupported.isEmpty()) {
            out.flush();
            throw new UsageException(List.of(file + ": " + unsupported.size() + " node(s) with ops the hardware model does not support: "
                    + String.join(", ", unsupported), "supported ops: " + String.join(", ", OnnxImport.SUPPORTED_OPS)));
        }
        try {
            OnnxImport.read(file);
        } catch (IOException e) {
            out.flush();
            throw new UsageException(e.getMessage());
        }
        out.println("every op is supported: a search can use this network as it is");
        out.flush();
        return 0;
    }
}
