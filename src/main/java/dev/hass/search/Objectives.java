package dev.hass.search;

import dev.hass.experiment.Direction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objectives of an experiment, named and directed like Optuna. This is the ONE place where
 * directions become jMetal's minimisation ({@link #minimised}): a maximised value is negated.
 */
public final class Objectives {
    /** Stands in for every objective of a failed trial: worse than any real value, finite (crowding distance). */
    static final double FAILED = 1e12;

    private final Map<String, Direction> directions;

    public Objectives(Map<String, Direction> directions) {
        if (directions.isEmpty()) throw new IllegalArgumentException("no objectives");
        this.directions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directions));
    }

    public List<String> names() { return new ArrayList<>(directions.keySet()); }

    public int size() { return directions.size(); }

    public Direction direction(String name) { return directions.get(name); }

    /** One value in jMetal's minimisation convention. */
    public double minimised(String name, double value) {
        return directions.get(name) == Direction.MAXIMIZE ? -value : value;
    }

    /** Back from minimisation to the named direction. */
    public double external(String name, double minimised) {
        return directions.get(name) == Direction.MAXIMIZE ? -minimised : minimised;
    }

    /** The objective vector of a trial to minimise; a failed trial (or a missing value) gets {@link #FAILED}. */
    public double[] minimised(Trial t) {
        double[] m = new double[directions.size()];
        int i = 0;
        for (String n : directions.keySet()) {
            Double v = t.complete() && t.values() != null ? t.values().get(n) : null;
            m[i++] = v == null || !Double.isFinite(v) ? FAILED : minimised(n, v);
        }
        return m;
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
