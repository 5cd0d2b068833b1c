package dev.hass.cli;

import dev.hass.app.ExperimentConfigs;
import dev.hass.export.ExportService;
import dev.hass.nn.Checkpoints;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass export RESULTS_DIR (--trial N | --best-throughput | --best-accuracy) --out DIR [--verify]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the hardware package of one trial: design.json, model.onnx (pruned weights, BatchNorm a node after its conv, "
                + "channel_sparsity_hist on every Conv), golden vectors (vectors/*.npy + manifest.json) and README.md.",
                "By default at the experiment's fixed point (the arithmetic the search scored): integer vectors, weights, "
                        + "BatchNorm multipliers and shifts (<i2/<i4/<i8) beside the float vectors, and model.int.onnx for ONNX Runtime; "
                        + "--float writes float32 only.",
                "The package is written to a temporary folder and renamed to --out when complete."})
public final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "a results folder of `hass search` (trials.jsonl, experiment.json)")
    Path dir;

    static final class Pick {
        @Option(names = "--trial", paramLabel = "N", required = true, description = "the trial with this number")
        Integer trial;
        @Option(names = "--best-throughput", required = true, description = "the feasible trial with the highest throughput")
        boolean bestThroughput;
        @Option(names = "--best-accuracy", required = true, description = "the feasible trial with the highest accuracy")
        boolean bestAccuracy;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Pick pick;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the package folder to create (must not exist)")
    Path out;

    @Option(names = "--images", paramLabel = "N", defaultValue = "8", description = "calibration images in the golden vectors (default ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--verify", description = "check the package's consistency before moving it into place (with the integer "
            + "vectors: an integer reference forward must reproduce them bit for bit); print the checks")
    boolean verify;

    @Option(names = "--float", description = "float32 only: the float oracle, no integer vectors, no model.int.onnx")
    boolean floatOnly;

    @Override
    public Integer call() throws Exception {
        ExportService.Selection sel = pick.trial != null ? new ExportService.Selection.Number(pick.trial)
                : pick.bestThroughput ? new ExportService.Selection.BestThroughput() : new ExportService.Selection.BestAccuracy();
        PrintWriter o = spec.commandLine().getOut();
        ExportService.Plan plan = ExportService.plan(dir, sel, out);
        boolean onnx = plan.experiment().model().onnx() != null;
        if (!onnx && !Checkpoints.exists(ExperimentConfigs.checkpoint(plan.experiment()))) {
            throw new UsageException("no checkpoint at " + ExperimentConfigs.checkpoint(plan.experiment()) + " (the model the search used); run from the "
                    + "folder the search ran in, or train it with `hass train`");
        }
        ExportService.Result r = onnx ? ExportService.exportOnnx(plan, ExperimentConfigs.onnxData(plan.experiment()), floatOnly, images, verify)
                : ExportService.export(plan, floatOnly ? ExperimentConfigs.floatOracle(plan.experiment()) : ExperimentConfigs.oracle(plan.experiment()),
                        images, verify);
        o.printf(Locale.ROOT, "exported trial %d (%s) of %s to %s%n", r.trial().number(), r.trial().algorithm(), dir, r.out());
        o.printf(Locale.ROOT, "  accuracy %.4f (search: %s), %.1f img/s, interval %d cycles, %s%s%n", r.accuracy(),
                r.trial().values() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.trial().values().getOrDefault("accuracy", Double.NaN)),
                r.design().throughput(), r.design().intervalCycles(), r.design().resources(), r.design().feasible() ? "" : " (INFEASIBLE)");
        o.printf(Locale.ROOT, "  files: design.json, model.onnx%s, vectors/ (%d images), README.md, experiment.json, trial.json%n",
                r.agreement() != null ? ", model.int.onnx" : "", r.images());
        if (r.noInteger() != null) {
            o.println("  no integer vectors: the float package, as with --float (accuracy in float): " + r.noInteger());
            spec.commandLine().getErr().println("hass: warning: no integer vectors for " + dir + ": " + r.noInteger());
        }
        if (r.agreement() != null) {
            long values = 0, equal = 0, max = 0;
            for (var a : r.agreement()) { values += a.values(); equal += a.equal(); max = Math.max(max, a.maxLsb()); }
            o.printf(Locale.ROOT, "  integer vectors: %d of %d values equal to the oracle's fixed-point values (largest difference %d LSB), "
                    + "top-1 as the oracle on %d/%d images%n", equal, values, max, r.top1(), r.images());
        }
        if (r.verify() != null) {
            o.println("  verified:");
            for (String c : r.verify().checks()) o.println("    ok  " + c);
        }
        o.flush();
        return 0;
    }
}
