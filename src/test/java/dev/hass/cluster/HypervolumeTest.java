package dev.hass.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hass.cluster.Hypervolume.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HypervolumeTest {
    /** The union of the boxes [ref, p], cell by cell over the grid of all coordinates: slow but obviously right. */
    static double bruteForce(List<Point> pts, double ra, double rt) {
        TreeSet<Double> as = new TreeSet<>(List.of(ra)), ts = new TreeSet<>(List.of(rt));
        for (Point p : pts) {
            as.add(Math.max(ra, p.accuracy()));
            ts.add(Math.max(rt, p.throughput()));
        }
        List<Double> a = new ArrayList<>(as), t = new ArrayList<>(ts);
        double area = 0;
        for (int i = 0; i + 1 < a.size(); i++) {
            for (int j = 0; j + 1 < t.size(); j++) {
                double ca = (a.get(i) + a.get(i + 1)) / 2, ct = (t.get(j) + t.get(j + 1)) / 2;
                boolean covered = pts.stream().anyMatch(p -> p.accuracy() >= ca && p.throughput() >= ct);
                if (covered) area += (a.get(i + 1) - a.get(i)) * (t.get(j + 1) - t.get(j));
            }
        }
        return area;
    }

    @Test
    void agreesWithTheCellByCellUnionOnRandomFronts() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Point> pts = new ArrayList<>();
            int n = rnd.nextInt(12);
            for (int i = 0; i < n; i++) pts.add(new Point(rnd.nextDouble(), 1000 * rnd.nextDouble()));
            double ra = round % 2 == 0 ? 0 : 0.3, rt = round % 3 == 0 ? 0 : 200;
            assertEquals(bruteForce(pts, ra, rt), Hypervolume.of(pts, ra, rt), 1e-9, "round " + round + ": " + pts);
        }
    }

    @Test
    void dominatedAndDuplicatePointsAddNothing() {
        List<Point> front = List.of(new Point(0.9, 100), new Point(0.8, 300));
        List<Point> more = new ArrayList<>(front);
        more.add(new Point(0.7, 250));     // dominated by (0.8, 300)
        more.add(new Point(0.9, 100));     // duplicate
        assertEquals(Hypervolume.of(front), Hypervolume.of(more), 1e-12);
    }

    @Test
    void pointsAtOrBelowTheReferenceAndNonFiniteOnesCountZero() {
        assertEquals(0.0, Hypervolume.of(List.of(new Point(0.5, 0), new Point(Double.NaN, 5), new Point(0.4, Double.POSITIVE_INFINITY))));
        assertEquals(0.0, Hypervolume.of(List.of()));
    }
}
