package dev.hass.cli;

import dev.hass.report.OptunaImport;
import dev.hass.study.AtomicFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass import-optuna JOURNAL}: an Optuna journal's finished trials as our trial log (JSON lines). */
@Command(name = "import-optuna", mixinStandardHelpOptions = true,
        header = "Convert an Optuna journal into the trials.jsonl format.",
        description = {"Read an Optuna JournalStorage file (any Optuna 3.1+ writer; NaN/Infinity allowed, a partial last line",
                "tolerated) and write its finished trials in the trials.jsonl format, to stdout or --out."})
public final class ImportOptunaCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal file, e.g. results/NAME/optuna-journal.log.")
    Path journal;

    @Option(names = "--study", paramLabel = "NAME", description = "Study to import (needed when the journal holds several).")
    String study;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the trials here (replaced atomically) instead of stdout.")
    Path out;

    @Override
    public Integer call() throws Exception {
        String unwritable = out == null ? null : AtomicFiles.unwritable(out);
        if (unwritable != null) throw new UsageException(unwritable + "; choose another --out");
        List<Trial> trials = OptunaImport.read(journal, study);
        StringBuilder s = new StringBuilder();
        for (Trial t : trials) s.append(TrialLog.toJson(t)).append('\n');
        if (out == null) {
            spec.commandLine().getOut().print(s);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.write(out, s.toString());
            spec.commandLine().getErr().printf("hass: wrote %d trials to %s%n", trials.size(), out);
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
