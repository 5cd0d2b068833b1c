package dev.hass.reproduce;

import java.util.Locale;

/** Number formatting of table cells: fixed decimals, "-" for NaN, always with a dot. */
final class Fmt {
    private Fmt() {}

    static String f(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    /** mean ± std; just the mean when there is one value. */
    static String pm(Stat s, int decimals) {
        if (s.n() == 0) return "-";
        return s.n() == 1 ? f(s.mean(), decimals) : f(s.mean(), decimals) + " ± " + f(s.std(), decimals);
    }

    /** Mean and sample standard deviation over seeds. */
    record Stat(double mean, double std, int n) {
        static Stat of(java.util.List<Double> xs) {
            double[] v = xs.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).toArray();
            if (v.length == 0) return new Stat(Double.NaN, Double.NaN, 0);
            double m = java.util.Arrays.stream(v).average().orElseThrow();
            double ss = java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
            return new Stat(m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length);
        }
    }
}
