package dev.hass.search;

import java.util.ArrayList;
import java.util.List;

/** The non-dominated feasible trials (minimised objectives; equal vectors are all kept, as Optuna does). */
public final class Pareto {
    private Pareto() {}

    public static List<Trial> front(List<Trial> trials, Objectives objectives) {
        List<Trial> feasible = trials.stream().filter(Trial::feasible).toList();
        List<double[]> v = feasible.stream().map(objectives::minimised).toList();
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < feasible.size(); i++) {
            boolean dominated = false;
            for (int j = 0; j < feasible.size() && !dominated; j++) dominated = j != i && dominates(v.get(j), v.get(i));
            if (!dominated) out.add(feasible.get(i));
        }
        return out;
    }

    static boolean dominates(double[] a, double[] b) {
        boolean strictly = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) return false;
            if (a[k] < b[k]) strictly = true;
        }
        return strictly;
    }
}
