package dev.hass.cli;

import dev.hass.app.ExperimentConfigs;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.nn.Quantizer;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Thresholds;
import dev.hass.oracle.Transform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hass transform EXPERIMENT.json --out DIR}: prune, threshold, quantise (and fuse) the trained model. */
@Command(name = "transform", mixinStandardHelpOptions = true,
        header = "Fuse, prune, threshold and quantise the trained model; report its accuracy.",
        description = {"Applies to the trained model, in order: RepVGG fusion (--fuse), pruning (weight thresholds),",
                "activation thresholds, fixed-point quantisation of weights and activations. Writes the",
                "transformed checkpoint (parameters.bin, metadata.json) and report.json to DIR and prints per",
                "layer sparsity and weight quantisation error, with accuracy before/after on the validation split."})
public final class TransformCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.json", description = "The experiment file.")
    Path experiment;

    @Option(names = "--thresholds", paramLabel = "FILE", description = "Thresholds JSON as for `hass profile` (none = no pruning).")
    Path thresholds;

    @Option(names = "--quantize", paramLabel = "W/F,A/F", description = {
            "Weight and activation fixed point: total bits / fraction bits, e.g. 16/8,16/8.",
            "Default: the experiment's hardware.weightWidth W with W-2 fraction bits, fewer in a layer whose",
            "largest weight needs more integer bits (as the oracle), and hardware.dataWidth A with A/2 fraction bits.",
            "A given W/F is used as it is in every layer (weights beyond its range saturate)."})
    String quantize;

    @Option(names = "--fuse", description = "Fuse repvgg_small's branches into one 3x3 conv per block (required for it; no-op otherwise).")
    boolean fuse;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory (must not exist).")
    Path out;

    @Override
    public Integer call() {
        if (Files.exists(out)) throw new UsageException("--out " + out + " already exists; choose a new directory");
        Experiment e = Experiments.load(experiment);
        Quantizer[] q = formats(quantize, e);
        Thresholds t = thresholds == null ? Thresholds.none() : ProfileCommand.readThresholds(thresholds);
        Transform.Report r;
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(ExperimentConfigs.floatOracle(e))) {
            r = Transform.run(oracle, new Transform.Options(t, q[0], q[1], fuse, e.oracle().evaluationImages(), quantize == null), out);
        } catch (IllegalArgumentException ex) {
            throw new UsageException((thresholds != null ? thresholds + ": " : "") + ex.getMessage());
        }
        print(spec.commandLine().getOut(), r);
        return 0;
    }

    /** {@code W/F,A/F}, or the experiment's widths with the default fraction split. */
    static Quantizer[] formats(String text, Experiment e) {
        if (text == null) {
            int w = e.hardware().weightWidth(), a = e.hardware().dataWidth();
            try {
                return new Quantizer[]{Quantizer.forWeights(w), Quantizer.forActivations(a)};
            } catch (IllegalArgumentException ex) {
                throw new UsageException("hardware.weightWidth " + w + " / hardware.dataWidth " + a
                        + " give no default fixed point: " + ex.getMessage() + "; pass --quantize W/F,A/F");
            }
        }
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw new UsageException("--quantize '" + text + "': expected W/F,A/F (weights, activations), e.g. 16/8,16/8");
        }
        try {
            return new Quantizer[]{Quantizer.parse(parts[0]), Quantizer.parse(parts[1])};
        } catch (IllegalArgumentException ex) {
            throw new UsageException("--quantize '" + text + "': " + ex.getMessage() + " (for weights,activations: W/F,A/F)");
        }
    }

    private static void print(PrintWriter out, Transform.Report r) {
        out.printf("%s: weights %s, activations %s%s; accuracy on %d validation images: before %.4f, pruned %.4f, after %.4f%n",
                r.architecture(), r.weightFormat(), r.activationFormat(), r.fused() ? ", fused" : "",
                r.evaluationImages(), r.accuracyBefore(), r.accuracyPruned(), r.accuracyAfter());
        out.printf("%-16s %-6s %8s %8s %9s %9s %7s %11s %11s%n", "layer", "kind", "tau_w", "tau_a", "weights0", "acts0",
                "w_fmt", "max|w-q|", "mean|w-q|");
        for (Transform.LayerReport l : r.layers()) {
            out.printf("%-16s %-6s %8.4f %8.4f %9.4f %9.4f %7s %11.3e %11.3e%n", l.name(), l.kind(), l.weightThreshold(),
                    l.activationThreshold(), l.weightSparsity(), l.activationSparsity(), l.weightFormat(), l.maxAbsError(),
                    l.meanAbsError());
        }
        out.flush();
    }
}
