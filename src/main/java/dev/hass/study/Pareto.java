package dev.hass.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The non-dominated usable trials ({@link Objectives#usable}). Same rule as Optuna's {@code best_trials}: a
 * dominates b when it is at least as good in every objective and better in one; trials with equal values are
 * all kept in the data (pareto.csv, summary.json, search-summary.json), and collapsed only for display
 * ({@link #ties}), where six identical points as six rows would read as six designs.
 */
public final class Pareto {
    private Pareto() {}

    /** The front, in the order of {@code trials}. */
    public static List<Trial> front(List<Trial> trials, Objectives objectives) {
        List<Trial> usable = trials.stream().filter(objectives::usable).toList();
        List<double[]> v = usable.stream().map(objectives::minimised).toList();
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            boolean dominated = false;
            for (int j = 0; j < usable.size() && !dominated; j++) dominated = j != i && dominates(v.get(j), v.get(i));
            if (!dominated) out.add(usable.get(i));
        }
        return out;
    }

    /** a dominates b, both minimised. */
    public static boolean dominates(double[] a, double[] b) {
        boolean strictly = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) return false;
            if (a[k] < b[k]) strictly = true;
        }
        return strictly;
    }

    /**
     * One point of the front as displayed: its objective values and every trial that has exactly them.
     *
     * @param values objective name to value (external units)
     * @param trials the trials at this point, in front order; the first one stands for the point
     */
    public record Tie(Map<String, Double> values, List<Trial> trials) {
        public Tie {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            trials = List.copyOf(trials);
        }

        public Trial first() { return trials.get(0); }
    }

    /** The distinct points of {@code front} (identical objective values collapsed), in order of their first trial. */
    public static List<Tie> ties(List<Trial> front, Objectives objectives) {
        Map<List<Double>, List<Trial>> groups = new LinkedHashMap<>();
        for (Trial t : front) {
            List<Double> key = objectives.names().stream().map(n -> t.values().get(n)).toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        List<Tie> out = new ArrayList<>();
        groups.forEach((key, members) -> {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int k = 0; k < key.size(); k++) values.put(objectives.names().get(k), key.get(k));
            out.add(new Tie(values, members));
        });
        return out;
    }
}
