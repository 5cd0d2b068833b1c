package dev.hass.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.cluster.CollectResult.Stat;
import dev.hass.cluster.CollectResult.SummaryRow;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
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
    static final String TRIALS = "trials.jsonl";
    static final String DENSE = "dense";
    static final List<String> SUMMARY_COLUMNS = List.of("experiment", "board", "algorithm", "seeds", "seeds_expected",
            "hypervolume_mean", "hypervolume_std", "best_throughput_mean", "best_throughput_std",
            "evaluations_mean", "evaluations_std", "wall_seconds_mean", "wall_seconds_std", "missing_seeds");
    static final List<String> TASK_COLUMNS = List.of("task", "experiment", "board", "seed", "algorithm", "evaluations",
            "feasible", "hypervolume", "best_throughput", "accuracy_at_best_throughput", "wall_seconds", "dir");

    private Collector() {}

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
                missing.add(t.label() + ": COMPLETED but " + t.dir() + " has no " + TRIALS);
                continue;
            }
            double wall = TaskFiles.read(dir.resolve(t.dir()), TaskFiles.DONE).map(TaskFiles::seconds).orElse(Double.NaN);
            results.addAll(read(t, log.get(), wall));
        }
        List<SummaryRow> rows = summarise(status.batch(), results);
        Path csv = dir.resolve("summary.csv"), md = dir.resolve("summary.md");
        String table = markdown(status.batch(), rows, missing);
        BatchStore.writeAtomically(csv, summaryCsv(rows));
        BatchStore.writeAtomically(dir.resolve("tasks.csv"), tasksCsv(results));
        BatchStore.writeAtomically(md, table);
        return new CollectResult(rows, results, missing, csv, md, table);
    }

    /** {@code DIR/trials.jsonl}, or the one {@code DIR/<name>/trials.jsonl} if the search nested it. */
    static Optional<Path> trialLog(Path taskDir) {
        Path direct = taskDir.resolve(TRIALS);
        if (Files.isRegularFile(direct)) return Optional.of(direct);
        if (!Files.isDirectory(taskDir)) return Optional.empty();
        try (Stream<Path> s = Files.list(taskDir)) {
            List<Path> nested = s.map(p -> p.resolve(TRIALS)).filter(Files::isRegularFile).toList();
            return nested.size() == 1 ? Optional.of(nested.get(0)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numbers per algorithm of one task's trial log; a torn last line (a killed writer) is skipped. */
    static List<TaskResult> read(TaskSpec t, Path log, double wallSeconds) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
        }
        Map<String, Acc> byAlgorithm = new LinkedHashMap<>();
        Acc dense = new Acc();
        LocalDateTime first = null, last = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            JsonNode n;
            try {
                n = BatchStore.JSON.readTree(line);
            } catch (IOException e) {
                if (i == lines.size() - 1) break;
                throw new IllegalStateException(log + ": line " + (i + 1) + " is not a JSON trial (" + e.getMessage() + ")");
            }
            first = min(first, time(n.path("startedAt")));
            last = max(last, time(n.path("completedAt")));
            String algorithm = n.path("algorithm").asText("-");
            // the dense design is the shared reference: on every algorithm's front, not one of its evaluations
            Acc acc = DENSE.equals(algorithm) ? dense : byAlgorithm.computeIfAbsent(algorithm, k -> new Acc());
            acc.evaluations++;
            if (!"COMPLETE".equals(n.path("state").asText()) || !satisfied(n.path("constraints"))) continue;
            double a = n.path("values").path("accuracy").asDouble(Double.NaN);
            double th = n.path("values").path("throughput").asDouble(Double.NaN);
            if (!Double.isFinite(a) || !Double.isFinite(th)) continue;
            acc.add(a, th);
        }
        double wall = wallSeconds;
        if (!Double.isFinite(wall) && first != null && last != null) wall = Duration.between(first, last).toMillis() / 1000.0;
        List<TaskResult> out = new ArrayList<>();
        for (Map.Entry<String, Acc> e : byAlgorithm.entrySet()) {
            Acc acc = e.getValue();
            int evaluations = acc.evaluations;
            for (Hypervolume.Point p : dense.front) acc.add(p.accuracy(), p.throughput());
            out.add(new TaskResult(t, e.getKey(), evaluations, acc.front.size(), Hypervolume.of(acc.front), acc.bestT,
                    acc.bestA, wall));
        }
        return out;
    }

    /** Running totals of one algorithm in one log. */
    private static final class Acc {
        int evaluations;
        final List<Hypervolume.Point> front = new ArrayList<>();
        double bestT = Double.NaN, bestA = Double.NaN;

        void add(double a, double th) {
            front.add(new Hypervolume.Point(a, th));
            if (Double.isNaN(bestT) || th > bestT || (th == bestT && a > bestA)) {
                bestT = th;
                bestA = a;
            }
        }
    }

    private static boolean satisfied(JsonNode constraints) {
        for (Iterator<JsonNode> it = constraints.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            if (!v.isNumber() || v.asDouble() > 0) return false;
        }
        return true;
    }

    private static LocalDateTime time(JsonNode n) {
        if (!n.isTextual()) return null;
        try {
            return LocalDateTime.parse(n.asText());
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
                        Stat.of(got.stream().map(r -> (double) r.evaluations()).toList()),
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
                p.printRecord(t.index(), t.name(), t.board(), t.seed(), r.algorithm(), r.evaluations(), r.feasible(),
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
                .append("(accuracy, throughput) trials above the reference point (accuracy ")
                .append(Hypervolume.ACCURACY_REF).append(", throughput ").append(Hypervolume.THROUGHPUT_REF)
                .append(" images/s), in accuracy × images/s. Best throughput: the highest throughput of a trial ")
                .append("that meets the accuracy constraint (and every other constraint). The dense design (the search's reference trial) is on every algorithm's front but not counted as an evaluation; ")
                .append("wall time is the whole task's.\n\n");
        s.append("| experiment | board | algorithm | seeds | hypervolume | best throughput (images/s) | evaluations | wall time (s) |\n");
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
