package dev.hass.cli;

import dev.hass.report.Reports;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hass report RESULTS_DIR}: regenerate CSVs, charts, summary and the Optuna journal from trials.jsonl. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Regenerate a results folder's reports from its trials.jsonl.",
        description = {"Regenerate trials.csv, pareto.csv, summary.json/.md, the charts (pareto, convergence, layers; PNG+SVG)",
                "and optuna-journal.log of a results folder from its trials.jsonl, and print the summary. Idempotent."})
public final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "A results folder (holds trials.jsonl, experiment.json, space.json).")
    Path dir;

    @Option(names = "--design", paramLabel = "TRIAL", description = "Trial number shown in the layers chart "
            + "(default: the feasible trial with the best throughput).")
    Integer design;

    @Override
    public Integer call() throws Exception {
        Reports.Result r = Reports.regenerate(dir, design);
        var out = spec.commandLine().getOut();
        out.print(r.markdown());
        out.printf("%nWrote %s: trials.csv (%d rows), pareto.csv (%d), summary.json, summary.md, charts %s, optuna-journal.log (%s).%n",
                dir, r.trials(), r.pareto(), r.charts(),
                r.journal().rewritten() ? "rewritten" : r.journal().appendedTrials() + " trials appended");
        out.flush();
        return 0;
    }
}
