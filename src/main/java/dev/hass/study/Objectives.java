package dev.hass.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objectives of a study, named and directed like Optuna, in the experiment's order. Minimisation (jMetal's
 * convention, fronts, hypervolumes) goes through {@link Direction#minimised}, here and nowhere else.
 */
public final class Objectives {
    /** Stands in for every objective of a failed trial: worse than any real value, finite (crowding distance). */
    public static final double FAILED = 1e12;

    private final Map<String, Direction> directions;

    public Objectives(Map<String, Direction> directions) {
        if (directions.isEmpty()) throw new IllegalArgumentException("no objectives");
        this.directions = Collections.unmodifiableMap(new LinkedHashMap<>(directions));
    }

    public List<String> names() { return new ArrayList<>(directions.keySet()); }

    public int size() { return directions.size(); }

    public Direction direction(String name) { return directions.get(name); }

    /** Name to direction, in order. */
    public Map<String, Direction> directions() { return directions; }

    /** One value in the minimisation convention. */
    public double minimised(String name, double value) {
        return directions.get(name).minimised(value);
    }

    /** Back from minimisation to the named direction. */
    public double external(String name, double minimised) {
        return directions.get(name).external(minimised);
    }

    /** The objective vector of a trial to minimise; a failed trial (or a missing value) gets {@link #FAILED}. */
    public double[] minimised(Trial t) {
        double[] m = new double[directions.size()];
        int i = 0;
        for (String n : directions.keySet()) {
            Double v = t.complete() ? t.values().get(n) : null;
            m[i++] = v == null || !Double.isFinite(v) ? FAILED : minimised(n, v);
        }
        return m;
    }

    /** A reference point given in objective units, minimised. */
    public double[] minimised(Map<String, Double> external) {
        return directions.keySet().stream().mapToDouble(n -> minimised(n, external.get(n))).toArray();
    }

    /**
     * What fronts, hypervolumes and "best" consider: a feasible trial with a finite value for every objective
     * (a NaN would neither dominate nor be dominated).
     */
    public boolean usable(Trial t) {
        if (!t.counts()) return false;   // the one rule (Trial#counts): feasible and at full fidelity
        for (String n : directions.keySet()) {
            Double v = t.values().get(n);
            if (v == null || !Double.isFinite(v)) return false;
        }
        return true;
    }

    /** The objective values, in order, of a map of metrics (which may hold more than the objectives). */
    public Map<String, Double> select(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String n : directions.keySet()) {
            Double v = metrics.get(n);
            if (v == null) throw new IllegalArgumentException("objective " + n + " was not measured; measured: " + metrics.keySet());
            out.put(n, v);
        }
        return out;
    }
}
