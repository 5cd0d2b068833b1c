package dev.hass.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hass bench}: micro-benchmarks of the parts that run on every candidate. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (see the subcommands).",
        subcommands = {BenchHardwareCommand.class, BenchMemoryCommand.class})
public final class BenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand; see 'hass bench --help'.");
    }
}
