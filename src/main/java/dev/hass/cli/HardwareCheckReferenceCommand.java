package dev.hass.cli;

import dev.hass.hardware.conformance.ReferenceChecks;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass hardware check-reference FILE.json}: our model against fpgaConvNet reference vectors. */
@Command(name = "check-reference", mixinStandardHelpOptions = true,
        description = {"Check our accelerator model against a reference file (layers.json, fine_sweep.json or",
                "networks.json format, detected from the content). Prints one line per failure and, last,",
                "'N passed, M failed'. Exit 0 only if none failed."})
public final class HardwareCheckReferenceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE.json", description = "The reference file.")
    Path file;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) throw new UsageException("no such file " + file);
        ReferenceChecks.Result r = ReferenceChecks.check(file);
        PrintWriter out = spec.commandLine().getOut();
        r.lines().forEach(out::println);
        out.flush();
        return r.failed() == 0 ? 0 : ErrorHandler.FAILURE;
    }
}
