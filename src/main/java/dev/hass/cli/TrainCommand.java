package dev.hass.cli;

import dev.hass.app.ExperimentConfigs;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.experiment.WritePaths;
import dev.hass.nn.CheckpointMetadata;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hass train EXPERIMENT.json}: trains the experiment's model and writes its checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train the experiment's model and save its checkpoint.",
        description = {"Train the experiment's model on Fashion-MNIST (training split), show loss/accuracy/ETA on stderr,",
                "and save the checkpoint + metadata.json (architecture, seed, accuracies, data fingerprint)",
                "at model.checkpoint (default results/models/<architecture>)."})
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.json", description = "The experiment file.")
    Path experiment;

    @Option(names = "--epochs", paramLabel = "N", description = "Override training.epochs.")
    Integer epochs;

    @Option(names = "--force", description = "Overwrite an existing checkpoint.")
    boolean force;

    @Option(names = "--allow-outside", description = "Accept a model.checkpoint outside the working directory (refused by default: "
            + "experiment files are shared, see docs/safety.md).")
    boolean allowOutside;

    @Override
    public Integer call() {
        if (epochs != null && epochs <= 0) throw new UsageException("--epochs must be > 0, got " + epochs);
        Experiment e = Experiments.load(experiment);
        WritePaths.check(e, experiment.toString(), new WritePaths.Grant(false, allowOutside), true);
        CheckpointMetadata m = ModelTrainer.train(ExperimentConfigs.training(e, epochs, force), TrainingProgress.bar(spec.commandLine().getErr()));
        spec.commandLine().getOut().printf("%s: test accuracy %.4f, validation accuracy %.4f, %d epochs, %.0f s, checkpoint %s%n",
                m.architecture(), m.testAccuracy(), m.validationAccuracy(), m.epochs(), m.trainingSeconds(), ExperimentConfigs.checkpoint(e));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
