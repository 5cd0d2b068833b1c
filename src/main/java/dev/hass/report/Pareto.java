package dev.hass.report;

import dev.hass.search.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The feasible non-dominated trials. Same rule as Optuna's {@code best_trials}: a dominates b when it is at
 * least as good in every objective and not equal in all; trials with equal values are all kept; sorted by number.
 */
public final class Pareto {
    private Pareto() {}

    public static List<Trial> front(ReportInput in, List<Trial> trials) {
        List<Trial> cand = trials.stream().filter(Trial::feasible).toList();
        List<Direction> dirs = in.directions();
        List<double[]> vals = cand.stream().map(in::values).toList();
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < cand.size(); i++) {
            boolean dominated = false;
            for (int j = 0; j < cand.size() && !dominated; j++) {
                if (j != i && dominates(vals.get(j), vals.get(i), dirs)) dominated = true;
            }
            if (!dominated) out.add(cand.get(i));
        }
        out.sort(Comparator.comparingInt(Trial::number));
        return out;
    }

    public static boolean dominates(double[] a, double[] b, List<Direction> dirs) {
        boolean strictly = false;
        for (int k = 0; k < a.length; k++) {
            if (!dirs.get(k).atLeastAsGood(a[k], b[k])) return false;
            if (a[k] != b[k]) strictly = true;
        }
        return strictly;
    }
}
