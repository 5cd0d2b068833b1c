package dev.hass.cli;

import dev.hass.cluster.BatchInputException;
import dev.hass.experiment.ExperimentException;
import dev.hass.export.ExportException;
import dev.hass.hardware.conformance.ReferenceChecks;
import dev.hass.hardware.onnx.OnnxFormatException;
import dev.hass.nn.CheckpointException;
import dev.hass.nn.DatasetException;
import dev.hass.report.ReportException;
import dev.hass.reproduce.Reproduction;
import dev.hass.search.HassEvaluation;
import dev.hass.search.ResultsFolderException;
import dev.hass.search.SearchService;
import dev.hass.study.TrialLog;
import java.io.PrintWriter;
import java.util.List;
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
        List<String> lines = usageLines(ex);
        if (lines != null) {
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

    /**
     * The lines to show for an error the user can fix (bad flags, bad or missing input files, a checkpoint
     * or data set that is not there), or null for a failure. The services throw their own exceptions; this
     * is the one place that decides they mean exit 2, so commands need not catch and rethrow them.
     */
    static List<String> usageLines(Exception ex) {
        if (ex instanceof UsageException u) return u.lines();
        if (ex instanceof BatchInputException b) return b.lines();
        if (ex instanceof ExperimentException e) return e.problems();
        if (ex instanceof DatasetException || ex instanceof CheckpointException || ex instanceof ReportException
                || ex instanceof ExportException || ex instanceof Reproduction.ReproduceException
                || ex instanceof SearchService.SearchSetupException || ex instanceof HassEvaluation.LogMismatchException
                || ex instanceof ResultsFolderException || ex instanceof TrialLog.CorruptLogException
                || ex instanceof ReferenceChecks.UnknownFormatException || ex instanceof OnnxFormatException) {
            return List.of(String.valueOf(ex.getMessage()));
        }
        return null;
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
