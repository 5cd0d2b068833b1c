package dev.hass.study;

/**
 * The file names of a results folder, one list for the search that writes them and the report, export, batch
 * and reproduce commands that read them.
 */
public final class ResultsFiles {
    private ResultsFiles() {}

    /** The append-only trial log, the folder's source of truth ({@link TrialLog}). */
    public static final String TRIALS = "trials.jsonl";
    /** The resolved experiment the search ran. */
    public static final String EXPERIMENT = "experiment.json";
    /** The search space: param name to Optuna distribution JSON. */
    public static final String SPACE = "space.json";
    /** What the search knows beyond the trials: timings, overhead, its hypervolume history, finalists. */
    public static final String SEARCH_SUMMARY = "search-summary.json";
    /** Reports regenerated from the log. */
    public static final String TRIALS_CSV = "trials.csv";
    public static final String PARETO_CSV = "pareto.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String SUMMARY_MD = "summary.md";
    /** The log replayed as Optuna's JournalStorage file. */
    public static final String OPTUNA_JOURNAL = "optuna-journal.log";
}
