package dev.hass.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one-line messages and exit codes: 2 for usage errors (bad flags, bad input
 * files), 1 for failures. Stack traces only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final int USAGE = 2;
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof UsageException || ex instanceof dev.hass.cluster.BatchInputException) {
            java.util.List<String> lines = ex instanceof UsageException u ? u.lines()
                    : ((dev.hass.cluster.BatchInputException) ex).lines();
            for (String line : lines) err.println("hass: " + line);
            err.flush();
            if (HassCommand.verbose) ex.printStackTrace(err);
            return USAGE;
        }
        if (ex instanceof ParameterException pe) {
            err.println("hass: " + pe.getMessage());
            err.flush();
            return USAGE;
        }
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println("hass: error: " + msg);
        if (HassCommand.verbose) ex.printStackTrace(err);
        else err.println("hass: (run with --verbose for the stack trace)");
        err.flush();
        return FAILURE;
    }

    /** Bad flags: say what was wrong and where to look, exit 2. */
    static final class Usage implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("hass: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            err.flush();
            return USAGE;
        }
    }
}
