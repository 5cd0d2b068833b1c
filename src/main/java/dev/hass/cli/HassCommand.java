package dev.hass.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code hass} command; every capability is a subcommand. */
@Command(name = "hass",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Hardware-Aware Sparsity Search for dataflow FPGA accelerators.",
        subcommands = {
                picocli.CommandLine.HelpCommand.class,
                TrainCommand.class,
                ProfileCommand.class,
                TransformCommand.class,
                ValidateCommand.class,
                SearchCommand.class,
                WorkerCommand.class,
                SensitivityCommand.class,
                ReportCommand.class,
                ExportCommand.class,
                ImportOptunaCommand.class,
                HardwareCommand.class,
                InspectCommand.class,
                BenchCommand.class,
                SubmitCommand.class,
                BatchCommand.class,
                ReproduceCommand.class,
        })
public final class HassCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of failures.")
    static boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand; see 'hass --help'.");
    }
}
