package dev.hass.hardware.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Result of checking a reference file: one {@link VectorResult} per vector, and summary numbers. */
record CheckReport(Path file, List<VectorResult> results) {
    public CheckReport {
        results = List.copyOf(results);
    }

    /** Vectors that passed exactly or differ only in documented reference quirks. */
    public long passed() { return results.stream().filter(VectorResult::passed).count(); }

    public long failed() { return results.size() - passed(); }

    public long quirks() { return results.stream().filter(r -> r.status() == VectorResult.Status.QUIRK).count(); }

    /** Vectors whose BRAM equals the reference's exactly. */
    public long bramExact() {
        return results.stream().filter(r -> r.ours().bram() == r.reference().bram()).count();
    }

    /** Median |ours − reference| / reference of LUTs over vectors with a positive reference value. */
    public double medianLutError() { return medianRelativeError(results, VectorResult.Numbers::lut); }

    public double medianFfError() { return medianRelativeError(results, VectorResult.Numbers::ff); }

    public double medianBramError() { return medianRelativeError(results, VectorResult.Numbers::bram); }

    /** Median relative LUT error of one category. */
    public double medianLutError(String category) {
        return medianRelativeError(results.stream().filter(r -> r.category().equals(category)).toList(), VectorResult.Numbers::lut);
    }

    public double medianFfError(String category) {
        return medianRelativeError(results.stream().filter(r -> r.category().equals(category)).toList(), VectorResult.Numbers::ff);
    }

    private static double medianRelativeError(List<VectorResult> rs, ToDoubleFunction<VectorResult.Numbers> f) {
        List<Double> e = new ArrayList<>();
        for (VectorResult r : rs) {
            double ref = f.applyAsDouble(r.reference());
            if (ref > 0) e.add(Math.abs(f.applyAsDouble(r.oursAsReference()) - ref) / ref);
        }
        if (e.isEmpty()) return 0;
        Collections.sort(e);
        int n = e.size();
        return n % 2 == 1 ? e.get(n / 2) : (e.get(n / 2 - 1) + e.get(n / 2)) / 2;
    }

    /** Per category: {vectors, passed, quirks, bram exact}. */
    public Map<String, long[]> byCategory() {
        Map<String, long[]> m = new TreeMap<>();
        for (VectorResult r : results) {
            long[] c = m.computeIfAbsent(r.category(), k -> new long[4]);
            c[0]++;
            if (r.passed()) c[1]++;
            if (r.status() == VectorResult.Status.QUIRK) c[2]++;
            if (r.ours().bram() == r.reference().bram()) c[3]++;
        }
        return m;
    }

    /** Human-readable lines: failures first, then per-category totals; the last line is "N passed, M failed". */
    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        for (VectorResult r : results) {
            if (r.status() == VectorResult.Status.FAIL) lines.add("FAIL  " + r.id() + ": " + r.reason());
        }
        byCategory().forEach((k, c) -> lines.add(String.format(
                "%-22s %4d vectors %4d passed (%d via documented quirks), BRAM exact %d, LUT err %.1f %%, FF err %.1f %%",
                k, c[0], c[1], c[2], c[3], 100 * medianLutError(k), 100 * medianFfError(k))));
        lines.add(String.format("LUT median error %.1f %%, FF median error %.1f %%, BRAM median error %.1f %%",
                100 * medianLutError(), 100 * medianFfError(), 100 * medianBramError()));
        lines.add(passed() + " passed, " + failed() + " failed");
        return lines;
    }
}
