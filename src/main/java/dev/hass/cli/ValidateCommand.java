package dev.hass.cli;

import dev.hass.experiment.ExperimentException;
import dev.hass.experiment.Experiments;
import dev.hass.experiment.WritePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass validate FILE...}: checks experiment files, printing every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check experiment files: prints '<file>: OK' or one line per problem (file, JSON path, value, "
                + "what is allowed); exit 2 if any file has a problem.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "EXPERIMENT.json", description = "experiment files")
    List<Path> files;

    @Option(names = "--allow-outside", description = "accept output and model.checkpoint paths outside the working directory "
            + "(as search --allow-outside does; see docs/safety.md)")
    boolean allowOutside;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                // what search would refuse before starting: the file itself, then the paths it would write
                List<String> paths = WritePaths.problems(Experiments.load(f), f.toString(), new WritePaths.Grant(false, allowOutside), false);
                if (paths.isEmpty()) out.println(f + ": OK");
                problems.addAll(paths);
            } catch (ExperimentException e) {
                problems.addAll(e.problems());
            }
        }
        out.flush();
        if (!problems.isEmpty()) throw new UsageException(problems);
        return 0;
    }
}
