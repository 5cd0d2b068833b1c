package dev.hass.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hypervolume of points to minimise against a reference point: the volume dominated by the points and
 * bounded by the reference. Points not strictly better than the reference in every objective add nothing.
 * Exact, by slicing along the last objective (fine for the few hundred points of a search).
 *
 * <p>A hypervolume means nothing without its reference point, so each one is computed under a named
 * {@link Policy} and printed with that name ({@link #format}): the search's progress and summary and the
 * report's summary.md use {@link Policy#DENSE} and so print the same number for the same run.
 */
public final class Hypervolume {
    private Hypervolume() {}

    /** Where the reference point comes from. */
    public enum Policy {
        /** What a search measures against, so every algorithm of a run compares: it needs the dense trial. */
        DENSE("dense", "the dense design's value of every objective, accuracy at the dense accuracy minus maxAccuracyDrop"),
        /** The fallback of a folder without a complete dense trial (e.g. one imported from Optuna). */
        NADIR("nadir", "the worst feasible value of every objective over the folder's trials"),
        /** The batch summary: the same point for every experiment, seed and board. */
        ORIGIN("origin", "zero in every objective");

        private final String label;
        private final String rule;

        Policy(String label, String rule) {
            this.label = label;
            this.rule = rule;
        }

        /** The short name printed next to every hypervolume. */
        public String label() { return label; }

        /** One sentence saying how the reference point is chosen. */
        public String rule() { return rule; }
    }

    /**
     * A reference point and the policy that chose it.
     *
     * @param point objective name to value, in objective units (not minimised)
     */
    public record Reference(Policy policy, Map<String, Double> point) {
        public Reference {
            point = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(point));
        }

        /**
         * {@link Policy#DENSE}: the dense trial's values, accuracy lowered by the allowed drop; null when the dense
         * trial is not complete (there is then no reference a search could use).
         */
        public static Reference dense(Trial dense, Objectives objectives, double maxAccuracyDrop) {
            if (dense == null || !dense.complete()) return null;
            Map<String, Double> r = new LinkedHashMap<>();
            for (String n : objectives.names()) {
                Double v = dense.values().get(n);
                if (v == null) return null;
                r.put(n, "accuracy".equals(n) ? v - maxAccuracyDrop : v);
            }
            return new Reference(Policy.DENSE, r);
        }

        /** {@link Policy#NADIR}: the worst usable value of every objective; null without usable trials. */
        public static Reference nadir(List<Trial> trials, Objectives objectives) {
            double[] worst = null;
            for (Trial t : trials) {
                if (!objectives.usable(t)) continue;
                double[] m = objectives.minimised(t);
                if (worst == null) worst = m;
                else for (int k = 0; k < m.length; k++) worst[k] = Math.max(worst[k], m[k]);
            }
            if (worst == null) return null;
            Map<String, Double> r = new LinkedHashMap<>();
            for (int k = 0; k < worst.length; k++) r.put(objectives.names().get(k), objectives.external(objectives.names().get(k), worst[k]));
            return new Reference(Policy.NADIR, r);
        }

        /** {@link Policy#ORIGIN}: zero in every objective. */
        public static Reference origin(Objectives objectives) {
            Map<String, Double> r = new LinkedHashMap<>();
            for (String n : objectives.names()) r.put(n, 0.0);
            return new Reference(Policy.ORIGIN, r);
        }

        /** The point in the minimisation convention of {@code objectives}. */
        public double[] minimised(Objectives objectives) {
            return objectives.minimised(point);
        }
    }

    /** The hypervolume of the usable trials against {@code reference}. */
    public static double of(List<Trial> trials, Objectives objectives, Reference reference) {
        List<double[]> pts = trials.stream().filter(objectives::usable).map(objectives::minimised).toList();
        return of(pts, reference.minimised(objectives));
    }

    /** How every hypervolume is printed: the number, then the policy of its reference point. */
    public static String format(double hypervolume, Policy policy) {
        return number(hypervolume) + " (reference: " + policy.label() + ")";
    }

    /** The number alone, six significant digits without trailing zeros (a table column whose header names the policy). */
    public static String number(double hypervolume) {
        String s = String.format(Locale.ROOT, "%.6g", hypervolume);
        if (s.contains("e") || !s.contains(".")) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    public static double of(List<double[]> points, double[] ref) {
        List<double[]> in = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != ref.length) throw new IllegalArgumentException("point has " + p.length + " objectives, reference " + ref.length);
            boolean inside = true;
            for (int i = 0; i < p.length; i++) inside &= p[i] < ref[i];
            if (inside) in.add(p);
        }
        return volume(in, ref, ref.length);
    }

    private static double volume(List<double[]> pts, double[] ref, int d) {
        if (pts.isEmpty()) return 0;
        if (d == 1) {
            double best = ref[0];
            for (double[] p : pts) best = Math.min(best, p[0]);
            return ref[0] - best;
        }
        if (d == 2) {
            double[][] s = pts.toArray(new double[0][]);
            Arrays.sort(s, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double v = 0, lastY = ref[1];
            for (double[] p : s) {
                if (p[1] < lastY) {
                    v += (ref[0] - p[0]) * (lastY - p[1]);
                    lastY = p[1];
                }
            }
            return v;
        }
        // slice along objective d-1: between consecutive values, the (d-1)-dimensional volume of the points below
        List<double[]> sorted = new ArrayList<>(pts);
        sorted.sort(Comparator.comparingDouble(p -> p[d - 1]));
        double v = 0;
        List<double[]> active = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            active.add(sorted.get(i));
            double lo = sorted.get(i)[d - 1];
            double hi = i + 1 < sorted.size() ? sorted.get(i + 1)[d - 1] : ref[d - 1];
            if (hi > lo) v += volume(active, ref, d - 1) * (hi - lo);
        }
        return v;
    }
}
