package dev.hass.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Hypervolume of points to minimise against a reference point: the volume dominated by the points and
 * bounded by the reference. Points not strictly better than the reference in every objective add nothing.
 * Exact, by slicing along the last objective (fine for the few hundred points of a search).
 */
public final class Hypervolume {
    private Hypervolume() {}

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
