package dev.hass.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@code batch collect}.
 *
 * @param rows     one per experiment × board × algorithm
 * @param tasks    one per collected task
 * @param missing  one line per task that could not be collected, saying why
 * @param csv      summary.csv
 * @param markdown summary.md
 * @param table    the Markdown text written to summary.md
 */
public record CollectResult(List<SummaryRow> rows, List<TaskResult> tasks, List<String> missing, Path csv,
                            Path markdown, String table) {
    /**
     * @param seeds     seeds collected, of {@code expected}
     * @param missingSeeds seeds not collected, e.g. "3, 4"
     */
    public record SummaryRow(String experiment, String board, String algorithm, int seeds, int expected, Stat hypervolume,
                             Stat bestThroughput, Stat evaluations, Stat wallSeconds, String missingSeeds) {}

    /** Mean and sample standard deviation (n − 1; 0 for one value) over seeds; NaN when there are none. */
    public record Stat(double mean, double std, int n) {
        public static Stat of(List<Double> xs) {
            List<Double> v = xs.stream().filter(Double::isFinite).toList();
            if (v.isEmpty()) return new Stat(Double.NaN, Double.NaN, 0);
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
            return new Stat(m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0.0, v.size());
        }
    }
}
