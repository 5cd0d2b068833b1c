package dev.hass.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The 2-D hypervolume (area) dominated by a set of (accuracy, throughput) points, both maximised,
 * above a reference point. The batch summary uses the reference point {@link #ACCURACY_REF},
 * {@link #THROUGHPUT_REF} — zero accuracy, zero images/s — for every experiment, seed and board, so that
 * it needs nothing beyond the trials and every feasible point counts; the unit is accuracy × images/s.
 */
public final class Hypervolume {
    public static final double ACCURACY_REF = 0.0;
    public static final double THROUGHPUT_REF = 0.0;

    /** A point of the objective space. */
    public record Point(double accuracy, double throughput) {}

    private Hypervolume() {}

    /** Both objectives are maximised: negated into the minimisation space of the one exact implementation. */
    public static double of(List<Point> points, double accuracyRef, double throughputRef) {
        List<double[]> minimised = new ArrayList<>();
        for (Point x : points) {
            if (Double.isFinite(x.accuracy()) && Double.isFinite(x.throughput())) {
                minimised.add(new double[] {-x.accuracy(), -x.throughput()});
            }
        }
        return dev.hass.report.Hypervolume.of(minimised, new double[] {-accuracyRef, -throughputRef});
    }

    public static double of(List<Point> points) {
        return of(points, ACCURACY_REF, THROUGHPUT_REF);
    }
}
