package dev.hass.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Regenerates every report of a results folder from its trial log: {@code trials.csv}, {@code pareto.csv},
 * {@code summary.json}, {@code summary.md}, the charts ({@code pareto}, {@code convergence}, {@code layers}
 * as PNG and SVG) and {@code optuna-journal.log}. Idempotent: files are written to a temp file and renamed,
 * and only when their content changes; a second run over the same log gives byte-identical files.
 */
public final class Reports {
    public static final String TRIALS_CSV = "trials.csv";
    public static final String PARETO_CSV = "pareto.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String SUMMARY_MD = "summary.md";

    /** What was produced; {@code markdown} is the summary the CLI prints. */
    public record Result(String markdown, List<String> charts, OptunaJournal.SyncResult journal, int trials, int pareto) {}

    private Reports() {}

    public static Result regenerate(Path resultsDir) throws IOException {
        return regenerate(resultsDir, null);
    }

    /**
     * @param layersTrial trial number for the {@code layers} chart; null for the default, the feasible trial
     *                    with the best throughput
     */
    public static Result regenerate(Path resultsDir, Integer layersTrial) throws IOException {
        ReportInput in = ReportInput.load(resultsDir);
        Analysis a = Analysis.of(in);
        TrialTable table = new TrialTable(in);
        write(resultsDir.resolve(TRIALS_CSV), table.toCsv(in.trials()));
        write(resultsDir.resolve(PARETO_CSV), table.toCsv(a.front()));
        write(resultsDir.resolve(SUMMARY_JSON), Summary.json(in, a));
        String md = Summary.markdown(in, a);
        write(resultsDir.resolve(SUMMARY_MD), md);
        List<String> charts = Charts.writeAll(resultsDir, in, a, layersTrial);
        OptunaJournal.SyncResult j = OptunaJournal.sync(resultsDir.resolve(OptunaJournal.FILE), in);
        return new Result(md, charts, j, in.trials().size(), a.front().size());
    }

    /**
     * Brings only {@code optuna-journal.log} up to date with the trial log (appends the new trials): cheap enough
     * to call after every generation of a search, so Optuna users can watch a running search.
     */
    public static OptunaJournal.SyncResult syncJournal(Path resultsDir) throws IOException {
        return OptunaJournal.sync(resultsDir.resolve(OptunaJournal.FILE), ReportInput.load(resultsDir));
    }

    /** The summary only (no files written), e.g. for a progress line during a search. */
    public static String summary(Path resultsDir) {
        ReportInput in = ReportInput.load(resultsDir);
        return Summary.markdown(in, Analysis.of(in));
    }

    private static void write(Path f, String s) throws IOException {
        AtomicFiles.writeIfChanged(f, s.getBytes(StandardCharsets.UTF_8));
    }

}
