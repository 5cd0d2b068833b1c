package dev.hass.reproduce;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.experiment.Algorithm;
import dev.hass.hardware.graph.Networks;
import dev.hass.nn.CheckpointException;
import dev.hass.nn.CheckpointMetadata;
import dev.hass.nn.Checkpoints;
import dev.hass.search.BestDesign;
import dev.hass.search.SearchSummary;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Table 2: per zoo model × board, the dense design and the best design of each search algorithm that
 * keeps the accuracy constraint (≤ 2 points below dense), mean ± std over seeds: accuracy, throughput,
 * DSP, GOP/s/DSP and speed-ups. Read from the trial logs of a finished batch (one task per model ×
 * board × seed, each running every algorithm with the same budget).
 */
public final class SearchTable {
    private SearchTable() {}

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static final String ID = "table2-search";
    /** Rows in this order; {@code dense} is the reference trial of each search. */
    public static final List<String> METHODS = Algorithm.ids();

    /** One finished task of the batch. */
    public record Run(String model, String board, long seed, Path dir) {}

    /**
     * The design one method contributes to one run, with what the method's whole search achieved: its hypervolume
     * (reference policy {@code dense}, as the search printed it; NaN for the dense row) and its wall time.
     */
    record Pick(double accuracy, double testAccuracy, double throughput, long dsp, boolean fallback, double hypervolume,
                double wallSeconds) {
        Pick(double accuracy, double testAccuracy, double throughput, long dsp, boolean fallback) {
            this(accuracy, testAccuracy, throughput, dsp, fallback, Double.NaN, Double.NaN);
        }
    }

    public static Table build(List<Run> runs, List<String> notes) {
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (Run r : runs) groups.computeIfAbsent(r.model() + "\t" + r.board(), k -> new ArrayList<>()).add(r);
        List<List<String>> rows = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        List<Double> caseRatios = new ArrayList<>();
        int hvAtLeast = 0, cases = 0;
        boolean anyFallback = false;
        for (List<Run> g : groups.values()) {
            String model = g.get(0).model(), board = g.get(0).board();
            double gop = 2.0 * Networks.builtIn(model).macs() / 1e9;
            Map<String, List<Pick>> picks = new LinkedHashMap<>();
            for (String m : METHODS) picks.put(m, new ArrayList<>());
            List<Integer> toReach = new ArrayList<>();
            for (Run r : g) {
                List<Trial> trials = read(r.dir());
                toReach.add(evaluationsToReach(trials, Algorithm.NSGA2.id(), Algorithm.UNIFORM.id()));
                Optional<SearchSummary> summary = summary(r.dir());
                Map<Integer, Double> tests = testAccuracies(summary);
                Map<String, SearchSummary.AlgorithmSummary> searched = algorithmSummaries(summary);
                Trial dense = trials.stream().filter(t -> "dense".equals(t.algorithm()) && t.complete()).findFirst()
                        .orElseThrow(() -> new IllegalStateException(r.dir() + ": no complete dense reference trial in " + ResultsFiles.TRIALS));
                for (String m : METHODS) {
                    Optional<Trial> best = m.equals("dense") ? Optional.of(dense)
                            : BestDesign.of(trials.stream().filter(t -> m.equals(t.algorithm())).toList());
                    // no feasible design found: the method keeps the dense design (it never does worse than not pruning)
                    Trial t = best.orElse(dense);
                    SearchSummary.AlgorithmSummary a = searched.get(m);
                    picks.get(m).add(new Pick(t.values().getOrDefault("accuracy", Double.NaN), tests.getOrDefault(t.number(), Double.NaN),
                            BestDesign.throughput(t), t.design() == null ? 0 : t.design().dsp(), best.isEmpty(),
                            a == null || a.hypervolume() == null ? Double.NaN : a.hypervolume(), a == null ? Double.NaN : a.wallSeconds()));
                }
            }
            List<Pick> dense = picks.get("dense"), uniform = picks.get("uniform");
            for (String m : METHODS) {
                List<Pick> p = picks.get(m);
                boolean fb = p.stream().anyMatch(Pick::fallback);
                anyFallback |= fb;
                List<Double> speedDense = new ArrayList<>(), speedUniform = new ArrayList<>(), eff = new ArrayList<>();
                for (int i = 0; i < p.size(); i++) {
                    speedDense.add(p.get(i).throughput() / dense.get(i).throughput());
                    speedUniform.add(p.get(i).throughput() / uniform.get(i).throughput());
                    eff.add(p.get(i).dsp() > 0 ? gop * p.get(i).throughput() / p.get(i).dsp() : Double.NaN);
                }
                rows.add(List.of(model, board, label(m) + (fb ? " *" : ""), Integer.toString(p.size()),
                        Fmt.pm(Fmt.Stat.of(p.stream().map(x -> 100 * x.testAccuracy()).toList()), 2),
                        Fmt.pm(Fmt.Stat.of(p.stream().map(x -> 100 * x.accuracy()).toList()), 2),
                        Fmt.pm(Fmt.Stat.of(p.stream().map(Pick::throughput).toList()), 0),
                        Fmt.pm(Fmt.Stat.of(p.stream().map(x -> (double) x.dsp()).toList()), 0),
                        Fmt.pm(Fmt.Stat.of(eff), 3),
                        Fmt.pm(Fmt.Stat.of(speedDense), 2), Fmt.pm(Fmt.Stat.of(speedUniform), 2),
                        m.equals("dense") ? "-" : Fmt.pm(Fmt.Stat.of(p.stream().map(Pick::hypervolume).toList()), 1),
                        m.equals("dense") ? "-" : Fmt.pm(Fmt.Stat.of(p.stream().map(Pick::wallSeconds).toList()), 0)));
            }
            Trial denseTrial = read(g.get(0).dir()).stream().filter(t -> "dense".equals(t.algorithm())).findFirst().orElseThrow();
            String bound = denseTrial.design() == null ? "" : String.format(java.util.Locale.ROOT,
                    " (dense design: bottleneck %s at %.2f of the perfect-division bound)", denseTrial.design().bottleneck(), denseTrial.design().boundRatio());
            double hass = mean(picks.get(Algorithm.NSGA2.id())), uni = mean(uniform), greedy = mean(picks.get(Algorithm.GREEDY.id()));
            double hvHass = meanHv(picks.get(Algorithm.NSGA2.id())), hvUni = meanHv(uniform);
            cases++;
            caseRatios.add(hass / uni);
            if (hvHass >= hvUni) hvAtLeast++;
            verdicts.add(String.format(java.util.Locale.ROOT, "%s on %s: HASS NSGA-II %.0f img/s vs uniform %.0f, greedy %.0f; %s; "
                            + "hypervolume %s → %s",
                    model, board, hass, uni, greedy, paired(picks.get(Algorithm.NSGA2.id()), uniform, toReach), hvVersus(hvHass, hvUni),
                    "NSGA-II " + versus(hass, uni) + " uniform and " + versus(hass, greedy) + " greedy at this budget") + bound);
        }
        List<String> all = new ArrayList<>(List.of(
                "Each method's design: the highest-throughput trial of its search whose accuracy is at most 2 points below the "
                        + "dense model's (constraint accuracyDrop ≤ 0) and whose design fits the board; mean ± std over seeds.",
                "Test accuracy: top-1 on the Fashion-MNIST test set of the design after the finalists' masked fine-tuning "
                        + "(oracle.finalistFineTuneSteps; the dense model gets the same steps), measured after every choice was made; "
                        + "validation accuracy: the search's own one-shot measure on its validation subset, which chose the design. "
                        + "GOP/s/DSP counts the dense network's operations (2 × MAC) per image.",
                "dense = the unpruned model on the dense-engine design the search starts from; uniform = one global (τ_w, τ_a) sweep; "
                        + "greedy = the released HASS greedy over the two global thresholds; random = random per-layer thresholds; "
                        + "nsga2 = HASS NSGA-II over per-layer thresholds."));
        if (anyFallback) all.add("* in some seed the method found no feasible design better than none, and keeps the dense design there.");
        all.addAll(notes);
        all.add(checkpoints(runs));
        if (cases > 0) {
            List<Double> sorted = caseRatios.stream().sorted().toList();
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            all.add(String.format(java.util.Locale.ROOT, "Over the %d model × board cases: HASS NSGA-II's mean best throughput is at "
                            + "least uniform's in %d (×%.3f–×%.3f; median case ×%.3f), and its hypervolume at least uniform's in %d.",
                    cases, (int) caseRatios.stream().filter(x -> x >= 0.9995).count(), sorted.get(0), sorted.get(sorted.size() - 1), median,
                    hvAtLeast));
        }
        all.addAll(verdicts);
        return new Table(ID, "Table 2: dense vs uniform vs greedy vs HASS NSGA-II at ≤ 2-point accuracy drop",
                List.of("model", "board", "method", "seeds", "test accuracy (%)", "validation accuracy (%)", "throughput (img/s)", "DSP", "GOP/s/DSP",
                        "speed-up vs dense", "speed-up vs uniform", "hypervolume", "search wall (s)"),
                rows, all);
    }

    /**
     * How one mean throughput compares with another: within 0.05 % is a tie (a board slice at a floor that no
     * sparsity moves gives every method the same design), as in {@link #paired}.
     */
    static String versus(double a, double b) {
        double r = a / b;
        return r > 1.0005 ? "beats" : r < 0.9995 ? "does NOT beat" : "ties";
    }

    static String label(String m) {
        return Algorithm.label(m);
    }

    /**
     * The paired comparison over seeds: HASS ÷ uniform per seed (same seed, same dense model), wins and losses
     * (ties within 0.05 %), the two-sided sign test's p-value, and the evaluations HASS needed to reach uniform's
     * best feasible throughput (median over seeds; "never" counts as not reached).
     */
    static String paired(List<Pick> hass, List<Pick> uniform, List<Integer> toReach) {
        int wins = 0, losses = 0;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < hass.size(); i++) {
            double r = hass.get(i).throughput() / uniform.get(i).throughput();
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
            if (r > 1.0005) wins++;
            else if (r < 0.9995) losses++;
        }
        List<Integer> reached = toReach.stream().filter(java.util.Objects::nonNull).sorted().toList();
        String reach = reached.size() * 2 <= toReach.size() ? "uniform's best not reached in most seeds"
                : "uniform's best reached after a median " + reached.get((toReach.size() - 1) / 2) + " evaluations"
                + (reached.size() < toReach.size() ? " (" + (toReach.size() - reached.size()) + " seeds never)" : "");
        return String.format(java.util.Locale.ROOT, "per seed ×%.3f–×%.3f of uniform, %d wins / %d losses (sign test p = %.2f), %s",
                lo, hi, wins, losses, signTest(wins, losses), reach);
    }

    /** Two-sided exact sign test: P(a split at least this uneven | wins and losses equally likely); ties dropped. */
    static double signTest(int wins, int losses) {
        int n = wins + losses, k = Math.min(wins, losses);
        if (n == 0) return 1;
        double tail = 0;
        for (int i = 0; i <= k; i++) tail += binomial(n, i) * Math.pow(0.5, n);
        return Math.min(1, 2 * tail);
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }

    /**
     * 1-based count of {@code algorithm}'s trials (in log order, in full evaluations, rounded up) until its best feasible throughput first reaches
     * the best feasible throughput of {@code baseline} in the same log; null when it never does (or there is
     * nothing to reach).
     */
    static Integer evaluationsToReach(List<Trial> trials, String algorithm, String baseline) {
        Optional<Trial> target = BestDesign.of(trials.stream().filter(t -> baseline.equals(t.algorithm())).toList());
        if (target.isEmpty()) return null;
        double goal = BestDesign.throughput(target.get());
        double n = 0;   // in full evaluations: a screen counts its share (Trial#cost)
        for (Trial t : trials) {
            if (!algorithm.equals(t.algorithm())) continue;
            n += t.cost();
            if (t.counts() && BestDesign.throughput(t) >= 0.9995 * goal) return (int) Math.ceil(n - 1e-9);
        }
        return null;
    }

    private static double mean(List<Pick> p) {
        return p.stream().mapToDouble(Pick::throughput).average().orElse(Double.NaN);
    }

    private static double meanHv(List<Pick> p) {
        return p.stream().mapToDouble(Pick::hypervolume).average().orElse(Double.NaN);
    }

    /** A task's search-summary.json, read once; empty when the search wrote none. */
    static Optional<SearchSummary> summary(Path dir) {
        Path f = dir.resolve(ResultsFiles.SEARCH_SUMMARY);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(f.toFile(), SearchSummary.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** The whole search's wall time in {@code dir}, 0 when it wrote no summary. */
    static double searchSeconds(Path dir) {
        return summary(dir).map(SearchSummary::wallSeconds).orElse(0.0);
    }

    /** Algorithm → what its search reported (hypervolume, wall time). */
    static Map<String, SearchSummary.AlgorithmSummary> algorithmSummaries(Optional<SearchSummary> s) {
        Map<String, SearchSummary.AlgorithmSummary> out = new HashMap<>();
        s.map(SearchSummary::algorithms).ifPresent(as -> as.forEach(a -> out.put(a.algorithm(), a)));
        return out;
    }

    /** Trial number → test accuracy of the finalists of one search (none when the search had no finalists). */
    static Map<Integer, Double> testAccuracies(Optional<SearchSummary> s) {
        Map<Integer, Double> out = new HashMap<>();
        s.map(SearchSummary::finalists).ifPresent(fs -> fs.stream().filter(f -> f.testAccuracy() != null)
                .forEach(f -> out.put(f.number(), f.testAccuracy())));
        return out;
    }

    private static List<Trial> read(Path dir) {
        Path f = dir.resolve(ResultsFiles.TRIALS);
        if (!Files.isRegularFile(f)) throw new IllegalStateException(dir + ": no " + ResultsFiles.TRIALS + " (did the search task fail? see stderr.log there)");
        try {
            return TrialLog.read(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Which trained model each row measured, so that a rerun can tell whether it compares the same checkpoints: per model,
     * the first 12 hex digits of the SHA-256 of its parameters.bin, with the training's epochs, validation accuracy and
     * date from metadata.json (the checkpoint named by the experiment its first search wrote).
     */
    static String checkpoints(List<Run> runs) {
        Map<String, Path> firstRun = new LinkedHashMap<>();
        for (Run r : runs) firstRun.putIfAbsent(r.model(), r.dir());
        List<String> parts = new ArrayList<>();
        firstRun.forEach((model, dir) -> parts.add(model + " " + checkpoint(dir)));
        return "Checkpoints (SHA-256 of parameters.bin, first 12 hex digits): " + String.join("; ", parts) + ".";
    }

    private static String checkpoint(Path searchDir) {
        Path experiment = searchDir.resolve(ResultsFiles.EXPERIMENT);
        String path;
        try {
            path = JSON.readTree(experiment.toFile()).path("model").path("checkpoint").asText("");
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        if (path.isEmpty()) return "(no model.checkpoint in " + experiment + ")";
        Path dir = Path.of(path);
        if (!Files.isRegularFile(dir.resolve(Checkpoints.PARAMETERS))) return "(" + dir.resolve(Checkpoints.PARAMETERS) + " is gone)";
        String hash;
        try {
            hash = Checkpoints.fingerprint(dir).substring(0, 12);
        } catch (CheckpointException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        try {
            CheckpointMetadata m = Checkpoints.readMetadata(dir);
            return String.format(java.util.Locale.ROOT, "%s (%d epochs, validation %.4f, trained %s)", hash, m.epochs(),
                    m.validationAccuracy(), m.createdAt() == null ? "?" : m.createdAt().replaceFirst("T.*", ""));
        } catch (CheckpointException e) {
            return hash + " (no readable metadata)";
        }
    }

    /** HASS's hypervolume against uniform's, as a ratio; uniform's may be 0 (no feasible point beyond the dense design). */
    static String hvVersus(double hass, double uniform) {
        if (uniform > 0) return String.format(java.util.Locale.ROOT, "×%.2f of uniform's", hass / uniform);
        return String.format(java.util.Locale.ROOT, "%.1f (uniform's %.1f)", hass, uniform);
    }
}
