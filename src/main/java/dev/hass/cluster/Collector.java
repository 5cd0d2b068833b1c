package dev.hass.cluster;

import dev.hass.cluster.CollectResult.Stat;
import dev.hass.cluster.CollectResult.SummaryRow;
import dev.hass.study.AtomicFiles;
import dev.hass.study.Direction;
import dev.hass.study.Hypervolume;
import dev.hass.study.Objectives;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Merges the finished tasks of a batch: reads each completed task's {@code trials.jsonl}, and writes
 * {@code summary.csv}, {@code summary.md} (per experiment × board, mean ± std over seeds) and
 * {@code tasks.csv} (one row per collected task) into the batch folder. Tasks that did not complete are
 * named, with why, rather than silently averaged away.
 */
final class Collector {
    static final String DENSE = "dense";
    /** What the batch compares: the (accuracy, throughput) plane, both maximised, whatever each experiment optimised. */
    static final Objectives OBJECTIVES = new Objectives(orderedMaximised("accuracy", "throughput"));
    /** One reference point for every experiment, seed and board, so that it needs nothing beyond the trials. */
    static final Hypervolume.Reference REFERENCE = Hypervolume.Reference.origin(OBJECTIVES);
    static final List<String> SUMMARY_COLUMNS = List.of("experiment", "board", "algorithm", "seeds", "seeds_expected",
            "hypervolume_mean", "hypervolume_std", "best_throughput_mean", "best_throughput_std",
            "evaluations_mean", "evaluations_std", "wall_seconds_mean", "wall_seconds_std", "missing_seeds");
    static final List<String> TASK_COLUMNS = List.of("task", "experiment", "board", "seed", "algorithm", "evaluations",
            "feasible", "hypervolume", "best_throughput", "accuracy_at_best_throughput", "wall_seconds", "dir");

    private Collector() {}

    private static Map<String, Direction> orderedMaximised(String... names) {
        Map<String, Direction> m = new LinkedHashMap<>();
        for (String n : names) m.put(n, Direction.MAXIMIZE);
        return m;
    }

    static CollectResult collect(BatchStatus status) {
        Path dir = status.dir();
        List<TaskResult> results = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (TaskStatus ts : status.tasks()) {
            TaskSpec t = ts.task();
            if (ts.state() != TaskState.COMPLETED) {
                missing.add(t.label() + ": " + ts.state() + " — " + ts.detail());
                continue;
            }
            Optional<Path> log = trialLog(dir.resolve(t.dir()));
            if (log.isEmpty()) {
                missing.add(t.label() + ": COMPLETED but " + t.dir() + " has no " + ResultsFiles.TRIALS);
                continue;
            }
            double wall = TaskFiles.read(dir.resolve(t.dir()), TaskFiles.DONE).map(TaskFiles::seconds).orElse(Double.NaN);
            results.addAll(read(t, log.get(), wall));
        }
        List<SummaryRow> rows = summarise(status.batch(), results);
        Path csv = dir.resolve("summary.csv"), md = dir.resolve("summary.md");
        String table = markdown(status.batch(), rows, missing);
        AtomicFiles.writeUnchecked(csv, summaryCsv(rows));
        AtomicFiles.writeUnchecked(dir.resolve("tasks.csv"), tasksCsv(results));
        AtomicFiles.writeUnchecked(md, table);
        return new CollectResult(rows, results, missing, csv, md, table);
    }

    /** {@code DIR/trials.jsonl}, or the one {@code DIR/<name>/trials.jsonl} if the search nested it. */
    static Optional<Path> trialLog(Path taskDir) {
        Path direct = taskDir.resolve(ResultsFiles.TRIALS);
        if (Files.isRegularFile(direct)) return Optional.of(direct);
        if (!Files.isDirectory(taskDir)) return Optional.empty();
        try (Stream<Path> s = Files.list(taskDir)) {
            List<Path> nested = s.map(p -> p.resolve(ResultsFiles.TRIALS)).filter(Files::isRegularFile).toList();
            return nested.size() == 1 ? Optional.of(nested.get(0)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Numbers per algorithm of one task's trial log ({@link TrialLog}: a torn last line of a killed writer is
     * dropped). Feasibility and the points that count are the study's rules ({@link Objectives#usable}).
     */
    static List<TaskResult> read(TaskSpec t, Path log, double wallSeconds) {
        List<Trial> trials;
        try {
            trials = TrialLog.read(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        }
        Map<String, Acc> byAlgorithm = new LinkedHashMap<>();
        Acc dense = new Acc();
        LocalDateTime first = null, last = null;
        for (Trial trial : trials) {
            first = min(first, time(trial.startedAt()));
            last = max(last, time(trial.completedAt()));
            String algorithm = trial.algorithm() == null ? "-" : trial.algorithm();
            // the dense design is the shared reference: on every algorithm's front, not one of its evaluations
            Acc acc = DENSE.equals(algorithm) ? dense : byAlgorithm.computeIfAbsent(algorithm, k -> new Acc());
            acc.evaluations += trial.cost();   // a screen spends its share of a full evaluation
            if (OBJECTIVES.usable(trial)) acc.add(trial);
        }
        double wall = wallSeconds;
        if (!Double.isFinite(wall) && first != null && last != null) wall = Duration.between(first, last).toMillis() / 1000.0;
        List<TaskResult> out = new ArrayList<>();
        for (Map.Entry<String, Acc> e : byAlgorithm.entrySet()) {
            Acc acc = e.getValue();
            double evaluations = acc.evaluations;
            dense.points.forEach(acc::add);
            out.add(new TaskResult(t, e.getKey(), evaluations, acc.points.size(), Hypervolume.of(acc.points, OBJECTIVES, REFERENCE),
                    acc.bestT, acc.bestA, wall));
        }
        return out;
    }

    /** Running totals of one algorithm in one log. */
    private static final class Acc {
        double evaluations;
        final List<Trial> points = new ArrayList<>();
        double bestT = Double.NaN, bestA = Double.NaN;

        void add(Trial t) {
            points.add(t);
            double a = t.values().get("accuracy"), th = t.values().get("throughput");
            if (Double.isNaN(bestT) || th > bestT || (th == bestT && a > bestA)) {
                bestT = th;
                bestA = a;
            }
        }
    }

    private static LocalDateTime time(String s) {
        if (s == null) return null;
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    static List<SummaryRow> summarise(Batch batch, List<TaskResult> results) {
        Map<String, List<TaskSpec>> cells = new LinkedHashMap<>();
        for (TaskSpec t : batch.tasks()) cells.computeIfAbsent(t.name() + "\u0000" + t.board(), k -> new ArrayList<>()).add(t);
        List<SummaryRow> rows = new ArrayList<>();
        for (List<TaskSpec> cell : cells.values()) {
            List<String> algorithms = results.stream().filter(r -> cell.contains(r.task())).map(TaskResult::algorithm)
                    .distinct().toList();
            if (algorithms.isEmpty()) algorithms = List.of("-");
            for (String alg : algorithms) {
                List<TaskResult> got = results.stream().filter(r -> cell.contains(r.task()) && r.algorithm().equals(alg)).toList();
                List<String> missingSeeds = cell.stream().filter(t -> got.stream().noneMatch(r -> r.task().equals(t)))
                        .map(t -> Long.toString(t.seed())).toList();
                rows.add(new SummaryRow(cell.get(0).name(), cell.get(0).board(), alg, got.size(), cell.size(),
                        Stat.of(got.stream().map(TaskResult::hypervolume).toList()),
                        Stat.of(got.stream().map(TaskResult::bestThroughput).toList()),
                        Stat.of(got.stream().map(TaskResult::evaluations).toList()),
                        Stat.of(got.stream().map(TaskResult::wallSeconds).toList()),
                        String.join(", ", missingSeeds)));
            }
        }
        return rows;
    }

    private static String summaryCsv(List<SummaryRow> rows) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(SUMMARY_COLUMNS.toArray(String[]::new)).get())) {
            for (SummaryRow r : rows) {
                p.printRecord(r.experiment(), r.board(), r.algorithm(), r.seeds(), r.expected(), num(r.hypervolume().mean()),
                        num(r.hypervolume().std()), num(r.bestThroughput().mean()), num(r.bestThroughput().std()),
                        num(r.evaluations().mean()), num(r.evaluations().std()), num(r.wallSeconds().mean()),
                        num(r.wallSeconds().std()), r.missingSeeds());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String tasksCsv(List<TaskResult> results) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(TASK_COLUMNS.toArray(String[]::new)).get())) {
            for (TaskResult r : results) {
                TaskSpec t = r.task();
                p.printRecord(t.index(), t.name(), t.board(), t.seed(), r.algorithm(), g(r.evaluations()), r.feasible(),
                        num(r.hypervolume()), num(r.bestThroughput()), num(r.bestAccuracy()), num(r.wallSeconds()), t.dir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Empty for NaN so that spreadsheets and pandas read a missing value, not the string "NaN". */
    private static String num(double x) {
        return Double.isFinite(x) ? Double.toString(x) : "";
    }

    static String markdown(Batch batch, List<SummaryRow> rows, List<String> missing) {
        StringBuilder s = new StringBuilder();
        s.append("# Batch ").append(batch.id()).append("\n\n");
        s.append("Mean ± standard deviation over seeds. Hypervolume: area dominated by the feasible ")
                .append("(accuracy, throughput) trials above the reference point, policy ").append(REFERENCE.policy().label())
                .append(" (accuracy ").append(REFERENCE.point().get("accuracy")).append(", throughput ")
                .append(REFERENCE.point().get("throughput")).append(" images/s), in accuracy × images/s. Best throughput: the highest throughput of a trial ")
                .append("that meets the accuracy constraint (and every other constraint). The dense design (the search's reference trial) is on every algorithm's front but not counted as an evaluation; ")
                .append("wall time is the whole task's.\n\n");
        s.append("| experiment | board | algorithm | seeds | hypervolume (reference: ").append(REFERENCE.policy().label())
                .append(") | best throughput (images/s) | evaluations | wall time (s) |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (SummaryRow r : rows) {
            s.append("| ").append(r.experiment()).append(" | ").append(r.board()).append(" | ").append(r.algorithm())
                    .append(" | ").append(r.seeds()).append('/').append(r.expected())
                    .append(r.missingSeeds().isEmpty() ? "" : " (missing " + r.missingSeeds() + ")").append(" | ")
                    .append(pm(r.hypervolume())).append(" | ").append(pm(r.bestThroughput())).append(" | ")
                    .append(pm(r.evaluations())).append(" | ").append(pm(r.wallSeconds())).append(" |\n");
        }
        s.append('\n');
        if (missing.isEmpty()) {
            s.append("All ").append(batch.tasks().size()).append(" tasks collected.\n");
        } else {
            s.append("Missing ").append(missing.size()).append(" of ").append(batch.tasks().size())
                    .append(" tasks (not in the numbers above):\n\n");
            for (String m : missing) s.append("- ").append(m).append('\n');
        }
        return s.toString();
    }

    private static String pm(Stat st) {
        if (st.n() == 0) return "–";
        return g(st.mean()) + " ± " + g(st.std());
    }

    private static String g(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e9) return String.format(Locale.ROOT, "%.0f", x);
        if (Math.abs(x) >= 100 && Math.abs(x) < 1e9) return String.format(Locale.ROOT, "%.1f", x);
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
