package dev.hass.cli;

import dev.hass.app.SensitivityApp;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.WritePaths;
import dev.hass.nn.TrainingProgress;
import dev.hass.search.FolderLock;
import dev.hass.search.SearchRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        Experiment e = new Overrides().put("output", out, "--out").load(file);
        WritePaths.check(e, file.toString(), new WritePaths.Grant(out != null, allowOutside), false);
        PrintWriter err = spec.commandLine().getErr(), stdout = spec.commandLine().getOut();
        try (FolderLock lock = SearchRunner.claim(e)) {
            SensitivityApp.Outcome scan = SensitivityApp.run(e, points, tolerance, force, line -> {
                err.println(line);
                err.flush();
            }, TrainingProgress.stderrBar(), (done, total, param, p) -> {
                err.printf("sensitivity %4d/%-4d %-24s %8.4g  accuracy %.4f%n", done, total, param, p.value(), p.accuracy());
                err.flush();
            });
            SensitivityApp.lines(e, scan).forEach(stdout::println);
            stdout.flush();
        }
        return 0;
    }
}
