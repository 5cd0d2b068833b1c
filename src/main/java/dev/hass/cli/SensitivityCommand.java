package dev.hass.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.experiment.WritePaths;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingProgress;
import dev.hass.report.Charts;
import dev.hass.search.FolderLock;
import dev.hass.search.SearchRunner;
import dev.hass.search.SearchService;
import dev.hass.search.Sensitivity;
import dev.hass.space.Encoding;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass sensitivity EXPERIMENT.json}: per layer, accuracy vs τ_w and vs τ_a with the other layers dense. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = {"Scan each layer's thresholds alone (the others dense) on a short grid: accuracy and throughput per point, "
                + "and a suggested per-layer range that ends where the layer costs more than the tolerance x the allowed drop.",
                "Writes sensitivity.json, sensitivity-weights.png/.svg, sensitivity-activations.png/.svg and space-suggested.json "
                        + "(the experiment's space with per-layer ranges, to paste into an experiment's \"space\") into the results "
                        + "folder; a scan with the same checkpoint, data, fidelity, hardware, space and grid is reused from there."})
public final class SensitivityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.json", description = "the experiment file")
    Path file;

    @Option(names = "--points", paramLabel = "N", defaultValue = "5", description = "grid points per threshold (default ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--tolerance", paramLabel = "K", defaultValue = "1.0",
            description = "a layer's range ends where it alone costs more than K x constraints.maxAccuracyDrop (default ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--out", paramLabel = "DIR", description = "results folder (overrides output; default results/<name>)")
    String out;

    @Option(names = "--allow-outside", description = "accept output and model.checkpoint paths of the experiment file outside the working directory")
    boolean allowOutside;

    @Option(names = "--force", description = "scan again even when a matching sensitivity.json exists")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (points < 1 || points > 50) throw new UsageException("--points must be in 1..50, got " + points);
        if (!(tolerance > 0 && tolerance <= 50)) throw new UsageException("--tolerance must be in (0, 50], got " + tolerance);
        Map<String, Object> o = new LinkedHashMap<>();
        if (out != null) o.put("output", out);
        Experiment e = Experiments.load(file, o);
        WritePaths.check(e, file.toString(), new WritePaths.Grant(out != null, allowOutside), false);
        PrintWriter err = spec.commandLine().getErr(), stdout = spec.commandLine().getOut();
        try (FolderLock lock = SearchRunner.claim(e)) {
            if (!Checkpoints.exists(NnConfigs.checkpoint(e))) {
                err.println("hass: no checkpoint at " + NnConfigs.checkpoint(e) + ": training " + e.model().architecture() + " first");
                err.flush();
                ModelTrainer.train(NnConfigs.training(e, null, false), TrainingProgress.stderrBar());
            }
            var scan = SearchService.sensitivity(e, NnConfigs.oracle(e), NnConfigs.checkpoint(e), points, tolerance, force,
                    (done, total, param, p) -> {
                        err.printf("sensitivity %4d/%-4d %-24s %8.4g  accuracy %.4f%n", done, total, param, p.value(), p.accuracy());
                        err.flush();
                    });
            Sensitivity.Result r = scan.getKey();
            Path dir = e.outputDir();
            writeCharts(dir, e, r);
            Encoding enc = e.space().encoding(dev.hass.experiment.Architectures.spaceLayers(e.model().architecture()));
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(dir.resolve("space-suggested.json"), json.writeValueAsString(Sensitivity.suggestedSpace(e.space(), enc, r)) + "\n");
            stdout.printf("sensitivity %s: dense accuracy %.4f, %d grid points per threshold, floor %.4f (dense − %.2g × %.2g)%s%n",
                    e.name(), r.denseAccuracy(), r.points(), r.denseAccuracy() - r.tolerance() * r.maxAccuracyDrop(), r.tolerance(),
                    r.maxAccuracyDrop(), scan.getValue() ? " [cached]" : String.format(", %d evaluations in %.0f s", r.evaluations(), r.seconds()));
            for (Sensitivity.Curve c : r.curves()) {
                StringBuilder b = new StringBuilder(String.format("  %-24s", c.param()));
                for (Sensitivity.Point p : c.points()) b.append(String.format(" %6.3g:%.3f", p.value(), p.accuracy()));
                stdout.println(b.append(String.format("  → up to %.4g", c.suggestedHigh())));
            }
            stdout.println("  written: " + dir.resolve(SearchService.SENSITIVITY) + ", sensitivity-*.png/.svg, " + dir.resolve("space-suggested.json"));
            stdout.flush();
        }
        return 0;
    }

    /** Accuracy vs the threshold's fraction of its range, one line per layer, weights and activations apart. */
    static void writeCharts(Path dir, Experiment e, Sensitivity.Result r) throws java.io.IOException {
        for (String kind : new String[] {Encoding.WEIGHT_PREFIX, Encoding.ACTIVATION_PREFIX}) {
            Map<String, double[][]> curves = new LinkedHashMap<>();
            for (Sensitivity.Curve c : r.curves()) {
                if (!c.param().startsWith(kind)) continue;
                java.util.List<double[]> pts = new java.util.ArrayList<>();
                pts.add(new double[] {0, r.denseAccuracy()});     // every curve starts at the dense model
                c.points().forEach(p -> pts.add(new double[] {p.value(), p.accuracy()}));
                curves.put(c.param().substring(kind.length()), pts.toArray(double[][]::new));
            }
            if (curves.isEmpty()) continue;
            boolean w = kind.equals(Encoding.WEIGHT_PREFIX);
            Charts.curves(dir, w ? "sensitivity-weights" : "sensitivity-activations",
                    (w ? "Weight" : "Activation") + " threshold sensitivity: " + e.name(), w ? "τ_w (|w| below is pruned)" : "τ_a (activations below are zeroed)",
                    "validation accuracy", curves, r.denseAccuracy() - r.tolerance() * r.maxAccuracyDrop(), "dense − allowed drop");
        }
    }
}
