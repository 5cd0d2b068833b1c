package dev.hass.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Exact hypervolume of a point set in "smaller is better" space: the volume dominated by the points
 * and bounded by the reference point. Points that are not strictly better than the reference in every
 * coordinate add nothing. Two objectives: one sort and a sweep; more: slicing along the last coordinate
 * (exponential in the worst case, fine for the few hundred points of a search).
 */
public final class Hypervolume {
    private Hypervolume() {}

    public static double of(List<double[]> points, double[] ref) {
        List<double[]> in = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != ref.length) throw new IllegalArgumentException("point " + Arrays.toString(p) + " has " + p.length + " coordinates, reference " + ref.length);
            boolean inside = true;
            for (int i = 0; i < p.length; i++) inside &= p[i] < ref[i];
            if (inside) in.add(p);
        }
        if (in.isEmpty()) return 0;
        return switch (ref.length) {
            case 1 -> ref[0] - in.stream().mapToDouble(p -> p[0]).min().orElseThrow();
            case 2 -> twoD(in, ref);
            default -> slice(in, ref);
        };
    }

    private static double twoD(List<double[]> pts, double[] ref) {
        List<double[]> s = new ArrayList<>(pts);
        s.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0, y = ref[1];
        for (double[] p : s) {
            if (p[1] < y) {
                area += (ref[0] - p[0]) * (y - p[1]);
                y = p[1];
            }
        }
        return area;
    }

    private static double slice(List<double[]> pts, double[] ref) {
        int d = ref.length;
        List<double[]> s = new ArrayList<>(pts);
        s.sort(Comparator.comparingDouble(p -> p[d - 1]));
        double[] subRef = Arrays.copyOf(ref, d - 1);
        double vol = 0;
        List<double[]> prefix = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            prefix.add(Arrays.copyOf(s.get(i), d - 1));
            double next = i + 1 < s.size() ? s.get(i + 1)[d - 1] : ref[d - 1];
            double depth = next - s.get(i)[d - 1];
            if (depth > 0) vol += of(prefix, subRef) * depth;
        }
        return vol;
    }
}
