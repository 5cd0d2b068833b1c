package dev.hass.search;

import dev.hass.space.Distribution;
import dev.hass.space.Encoding;
import dev.hass.space.SearchSpace;
import dev.hass.space.SpaceLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sensitivity scan: per gene (τ_w or τ_a of one layer), accuracy and throughput on a short grid over the
 * gene's range with every other gene at 0 (dense). From it each gene gets a suggested upper bound: the grid
 * point after the last one of the prefix that stays within {@code tolerance × maxAccuracyDrop} of the dense
 * accuracy (the boundary lies between the two), so the search box stops where the layer breaks.
 *
 * <p>No gene is frozen for lack of a throughput effect: the DSE rebalances the board for every candidate, so a
 * single sparser layer rarely moves the interval on its own even where it matters jointly (resnet8: ×1.000 alone,
 * ×1.29 with all tied stages). The throughput column is reported, not acted on.
 */
public final class Sensitivity {
    private Sensitivity() {}

    /** One scored grid point. */
    public record Point(double value, double accuracy, double throughput, boolean feasible) {}

    /** One gene's curve and its suggested upper bound. */
    public record Curve(String param, List<Point> points, double suggestedHigh) {}

    /**
     * @param key          what the scan depends on (checkpoint, data, fidelity, space, grid): a cached scan is reused
     *                     only when its key equals the new one
     * @param evaluations  candidates scored (the scan's cost, to be counted beside any search that uses it)
     */
    public record Result(String key, double denseAccuracy, double denseThroughput, double maxAccuracyDrop, double tolerance,
                         int points, int evaluations, double seconds, List<Curve> curves) {
        /** Parameter name → suggested upper bound. */
        public Map<String, Double> suggestedHighs() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Curve c : curves) m.put(c.param(), c.suggestedHigh());
            return m;
        }
    }

    /** Told about every scored point. */
    public interface Listener {
        void onPoint(int done, int total, String param, Point p);
    }

    /** The grid of a distribution: {@code points} values at fractions 1/points … 1 of its gene range, snapped. */
    static List<Double> grid(Distribution d, int points) {
        List<Double> g = new ArrayList<>();
        for (int i = 1; i <= points; i++) {
            double v = UniformStrategy.at(d, (double) i / points);
            if (g.isEmpty() || v > g.get(g.size() - 1)) g.add(v);
        }
        return g;
    }

    public static Result scan(String key, Encoding encoding, Scorer scorer, int points, double maxAccuracyDrop, double tolerance,
                              Listener listener) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Double> dense = new LinkedHashMap<>();
        for (Encoding.Param p : encoding.params()) dense.put(p.name(), 0.0);
        Score d = scorer.score(dense);
        if (!d.ok()) throw new IllegalStateException("the dense model could not be scored: " + d.error());
        double denseAccuracy = d.metrics().get("accuracy"), denseThroughput = d.metrics().get("throughput");
        int total = encoding.params().stream().mapToInt(p -> grid(p.distribution(), points).size()).sum(), done = 0;
        List<Curve> curves = new ArrayList<>();
        for (Encoding.Param p : encoding.params()) {
            List<Point> pts = new ArrayList<>();
            for (double v : grid(p.distribution(), points)) {
                Map<String, Double> params = new LinkedHashMap<>(dense);
                params.put(p.name(), v);
                Score s = scorer.score(params);
                Point pt = s.ok()
                        ? new Point(v, s.metrics().get("accuracy"), s.metrics().get("throughput"),
                                s.constraints().values().stream().allMatch(c -> c <= 0))
                        : new Point(v, Double.NaN, Double.NaN, false);
                pts.add(pt);
                if (listener != null) listener.onPoint(++done, total, p.name(), pt);
            }
            curves.add(new Curve(p.name(), pts, suggestedHigh(pts, denseAccuracy - tolerance * maxAccuracyDrop, p.distribution())));
        }
        return new Result(key, denseAccuracy, denseThroughput, maxAccuracyDrop, tolerance, points, total + 1,
                (System.nanoTime() - t0) / 1e9, curves);
    }

    /** The first grid point below {@code floor} (the last grid point when none is): the boundary lies before it. */
    static double suggestedHigh(List<Point> pts, double floor, Distribution d) {
        for (Point p : pts) if (!(p.accuracy() >= floor)) return p.value();
        return pts.isEmpty() ? d.numeric(d.internal(d.geneUpper())) : pts.get(pts.size() - 1).value();
    }

    /**
     * The space with each layer's float ranges cut at the scan's suggested bounds (per-layer overrides; other
     * distributions as they were). The uniform sweep then snaps into each layer's range, so a search on this
     * space is no longer compared with the uniform sweep over the original box.
     */
    public static SearchSpace suggestedSpace(SearchSpace base, Encoding encoding, Result r) {
        if (base.granularity() != dev.hass.space.Granularity.PER_LAYER) return base;
        Map<String, Double> highs = r.suggestedHighs();
        Map<String, SearchSpace.LayerOverride> layers = new LinkedHashMap<>(base.layers());
        for (SpaceLayer l : encoding.layers()) {
            Distribution w = cut(base.weightFor(l.name()), highs.get(Encoding.WEIGHT_PREFIX + l.name()));
            Distribution a = l.hasActivationThreshold()
                    ? cut(base.activationFor(l.name()), highs.get(Encoding.ACTIVATION_PREFIX + l.name())) : null;
            layers.put(l.name(), new SearchSpace.LayerOverride(w, a));
        }
        return new SearchSpace(base.weightThreshold(), base.activationThreshold(), layers, base.granularity());
    }

    private static Distribution cut(Distribution d, Double high) {
        if (high == null || !(d instanceof Distribution.Float f) || f.log() || high >= f.high() || high <= f.low()) return d;
        return new Distribution.Float(f.low(), high, false, f.step());
    }
}
