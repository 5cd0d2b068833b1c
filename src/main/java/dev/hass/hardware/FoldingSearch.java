package dev.hass.hardware;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The folding optimiser behind {@link Dse}: one instance per call, not thread-safe, not reused.
 *
 * <p>Each stage's foldings are evaluated once and sorted by effective latency
 * eff = max(latency, words per input stream, words per output stream) — the second and third terms are
 * what a squeeze between this stage and a neighbour with fewer streams would take, so a target interval
 * T reached by every stage's eff is also reached by every derived squeeze. For a target T a stage takes
 * its cheapest folding with eff ≤ T; "cheapest" is Σ_r w_r·resource_r with w_r = 1/available_r at
 * first. Steps: (1) binary search over the candidate intervals for the smallest feasible T;
 * (2) raise the weights of the resources that made the next-smaller T fail and search below again;
 * (3) greedy: upgrade the bottleneck stage(s) to a faster folding that uses the least of what is left,
 * while it fits; (4) let every stage drop to a dominated (no more of any resource) folding that still
 * meets the final interval.
 */
final class FoldingSearch {
    private static final int R = 5;
    private static final int REWEIGHT_ROUNDS = 8;

    private final Pipeline p;
    private final Platform platform;
    private final HardwareOptions options;
    private final int n;
    private final double[] avail = new double[R];
    private final double[] w = new double[R];

    // per stage, options sorted by eff ascending
    private final Folding[][] fold;
    private final StageMetrics[][] met;
    private final long[][] eff;
    private final long[][][] res;
    private final int[][] prefixBest;
    private final Map<Long, StageMetrics> squeezeMetrics = new HashMap<>();

    FoldingSearch(Pipeline p, Platform platform, HardwareOptions options) {
        this.p = p;
        this.platform = platform;
        this.options = options;
        this.n = p.size();
        long[] lim = Dse.toArray(platform.limits());
        for (int r = 0; r < R; r++) {
            avail[r] = Math.floor(lim[r] * options.resourceFraction());
            w[r] = 1.0 / Math.max(avail[r], 1e-6);
        }
        fold = new Folding[n][];
        met = new StageMetrics[n][];
        eff = new long[n][];
        res = new long[n][][];
        prefixBest = new int[n][];
        long multiplierBudget = (long) avail[0] * options.widths().multipliersPerDsp();
        for (int i = 0; i < n; i++) enumerate(i, multiplierBudget);
        recomputePrefix();
    }

    private void enumerate(int i, long multiplierBudget) {
        Stage s = p.stages().get(i);
        Stage.FoldingSpace sp = s.space();
        List<Folding> all = new ArrayList<>();
        switch (sp.kind()) {
            case CONV -> {
                for (int cg : sp.coarseGroup()) for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) for (int f : sp.fine()) {
                    if ((long) f * ci * co * cg > multiplierBudget && !(ci == 1 && co == 1 && cg == 1 && f == sp.fine().get(0))) continue;
                    all.add(new Folding.Conv(ci, co, cg, f));
                }
            }
            case INNER_PRODUCT -> {
                for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) {
                    if ((long) ci * co > multiplierBudget && !(ci == 1 && co == 1)) continue;
                    all.add(new Folding.InnerProduct(ci, co));
                }
            }
            case COARSE -> {
                for (int c : sp.coarseIn()) all.add(new Folding.Coarse(c));
            }
        }
        int m = all.size();
        StageMetrics[] ms = new StageMetrics[m];
        long[] e = new long[m];
        Integer[] idx = new Integer[m];
        for (int k = 0; k < m; k++) {
            ms[k] = s.evaluate(all.get(k));
            e[k] = effective(ms[k]);
            idx[k] = k;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(e[a], e[b]));
        fold[i] = new Folding[m];
        met[i] = new StageMetrics[m];
        eff[i] = new long[m];
        res[i] = new long[m][];
        for (int k = 0; k < m; k++) {
            fold[i][k] = all.get(idx[k]);
            met[i][k] = ms[idx[k]];
            eff[i][k] = e[idx[k]];
            res[i][k] = Dse.toArray(met[i][k].resources());
        }
    }

    static long effective(StageMetrics m) {
        return Math.max(m.latency(), Math.max(m.sizeIn(), m.sizeOut()));
    }

    private double cost(long[] r) {
        double c = 0;
        for (int k = 0; k < R; k++) c += w[k] * r[k];
        return c;
    }

    private void recomputePrefix() {
        for (int i = 0; i < n; i++) {
            int m = eff[i].length;
            int[] pb = prefixBest[i] == null ? new int[m] : prefixBest[i];
            int best = 0;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                double c = cost(res[i][k]);
                // ties: the slower option (fewer streams: shorter pipeline fill)
                if (c <= bestCost) { best = k; bestCost = c; }
                pb[k] = best;
            }
            prefixBest[i] = pb;
        }
    }

    /** Index of stage i's cheapest option with eff ≤ t, or -1. */
    private int pick(int i, long t) {
        long[] e = eff[i];
        int lo = 0, hi = e.length - 1, k = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] <= t) { k = mid; lo = mid + 1; } else hi = mid - 1;
        }
        return k < 0 ? -1 : prefixBest[i][k];
    }

    private int[] picks(long t) {
        int[] pk = new int[n];
        for (int i = 0; i < n; i++) {
            pk[i] = pick(i, t);
            if (pk[i] < 0) return null;
        }
        return pk;
    }

    /** Resources of the whole design (squeezes included). */
    private long[] used(int[] pk) {
        long[] u = new long[R];
        for (int i = 0; i < n; i++) {
            long[] r = res[i][pk[i]];
            for (int k = 0; k < R; k++) u[k] += r[k];
        }
        List<Pipeline.Edge> edges = p.edges();
        for (int e = 0; e < edges.size(); e++) {
            StageMetrics sq = squeeze(e, pk);
            if (sq != null) {
                long[] r = Dse.toArray(sq.resources());
                for (int k = 0; k < R; k++) u[k] += r[k];
            }
        }
        return u;
    }

    private StageMetrics squeeze(int e, int[] pk) {
        Pipeline.Edge edge = p.edges().get(e);
        int so = met[edge.from()][pk[edge.from()]].streamsOut();
        int si = met[edge.to()][pk[edge.to()]].streamsIn();
        if (so == si) return null;
        long key = ((long) e << 40) | ((long) so << 20) | si;
        return squeezeMetrics.computeIfAbsent(key, x -> {
            Stage s = p.squeeze(e, so, si);
            return s.evaluate(s.minimal());
        });
    }

    private boolean fits(long[] u) {
        for (int k = 0; k < R; k++) if (u[k] > avail[k]) return false;
        return true;
    }

    static final boolean TRACE = Boolean.getBoolean("hass.dse.trace");
    long tStart = System.nanoTime();

    private void trace(String what) {
        if (TRACE) System.err.printf("  dse %-10s %.2f ms%n", what, (System.nanoTime() - tStart) / 1e6);
    }

    Design run() {
        trace("enumerate");
        long[] cand = candidates();
        int[] best = null;
        int bestIdx = -1;
        // (1) binary search for the smallest feasible target
        int lo = 0, hi = cand.length - 1;
        int[] top = picks(cand[hi]);
        if (top == null || !fits(used(top))) return Dse.minimal(p, platform, options);
        best = top;
        bestIdx = hi;
        hi--;
        int[] r = search(cand, lo, hi);
        if (r != null) { best = picks(cand[r[0]]); bestIdx = r[0]; }
        // (2) re-weight the resources that stop the next-smaller target, search below again
        for (int round = 0; round < REWEIGHT_ROUNDS && bestIdx > 0; round++) {
            int[] below = picks(cand[bestIdx - 1]);
            if (below == null) break;
            long[] u = used(below);
            boolean changed = false;
            for (int k = 0; k < R; k++) {
                if (u[k] > avail[k]) { w[k] *= 2.0 * u[k] / Math.max(avail[k], 1); changed = true; }
            }
            if (!changed) break;
            recomputePrefix();
            int[] again = search(cand, 0, bestIdx - 1);
            if (again != null) { best = picks(cand[again[0]]); bestIdx = again[0]; }
        }
        trace("search");
        // (3) greedy upgrades of the bottleneck with what is left
        best = greedy(best);
        trace("greedy");
        // (4) drop dominated resources at the final interval
        best = relax(best);
        trace("relax");
        // (5) shorten the pipeline fill with what is left, never lengthening the interval
        best = shortenFill(best);
        trace("fill");
        List<Folding> f = new ArrayList<>(n);
        StageMetrics[] m = new StageMetrics[n];
        for (int i = 0; i < n; i++) { f.add(fold[i][best[i]]); m[i] = met[i][best[i]]; }
        return Design.assemble(p, f, m, platform, options);
    }

    /** Smallest index in [lo, hi] whose target is feasible (assuming monotonicity), as {index}, or null. */
    private int[] search(long[] cand, int lo, int hi) {
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] pk = picks(cand[mid]);
            if (pk != null && fits(used(pk))) { found = mid; hi = mid - 1; } else lo = mid + 1;
        }
        return found < 0 ? null : new int[] {found};
    }

    /** Sorted distinct effective latencies from the largest per-stage minimum (no design is faster) up. */
    private long[] candidates() {
        long floor = 0;
        int total = 0;
        for (int i = 0; i < n; i++) { floor = Math.max(floor, eff[i][0]); total += eff[i].length; }
        floor = Math.max(floor, bandwidthFloor());
        long[] all = new long[total + 1];
        int c = 0;
        all[c++] = floor;
        for (int i = 0; i < n; i++) for (long e : eff[i]) if (e >= floor) all[c++] = e;
        long[] s = Arrays.copyOf(all, c);
        Arrays.sort(s);
        int u = 0;
        for (int k = 0; k < s.length; k++) if (k == 0 || s[k] != s[k - 1]) s[u++] = s[k];
        return Arrays.copyOf(s, u);
    }

    /** Interval below which off-chip bandwidth, not the fabric, limits throughput. */
    private long bandwidthFloor() {
        StageMetrics[] m = new StageMetrics[n];
        for (int i = 0; i < n; i++) m[i] = met[i][0];
        double gbpsAtOneCycle = Design.offChipGbps(p, m, 1, platform, options);
        return (long) Math.floor(gbpsAtOneCycle / platform.dramGbps());
    }

    private long interval(int[] pk) {
        long t = 0;
        for (int i = 0; i < n; i++) t = Math.max(t, eff[i][pk[i]]);
        return t;
    }

    private int[] greedy(int[] start) {
        int[] pk = start.clone();
        long[] u = used(pk);
        for (int step = 0; step < 4 * n + 16; step++) {
            long t = interval(pk);
            int[] next = pk.clone();
            long[] left = new long[R];
            for (int k = 0; k < R; k++) left[k] = (long) avail[k] - u[k];
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                if (eff[i][pk[i]] < t) continue;
                int bestK = -1;
                double bestScore = Double.POSITIVE_INFINITY;
                long[] cur = res[i][pk[i]];
                for (int k = 0; k < eff[i].length && eff[i][k] < t; k++) {
                    double score = 0;
                    boolean fitsLeft = true;
                    for (int r = 0; r < R; r++) {
                        long d = res[i][k][r] - cur[r];
                        if (d > left[r]) { fitsLeft = false; break; }
                        if (d > 0) score = Math.max(score, d / (double) Math.max(left[r], 1));
                    }
                    if (fitsLeft && score <= bestScore) { bestScore = score; bestK = k; }
                }
                if (bestK < 0) { ok = false; break; }
                for (int r = 0; r < R; r++) left[r] -= res[i][bestK][r] - cur[r];
                next[i] = bestK;
            }
            if (!ok) break;
            long[] nu = used(next);
            if (!fits(nu)) break;
            pk = next;
            u = nu;
        }
        return pk;
    }

    private int[] relax(int[] start) {
        int[] pk = start.clone();
        long t = interval(pk);
        long[] u = used(pk);
        for (int i = 0; i < n; i++) {
            int k = pick(i, t);
            if (k < 0 || k == pk[i]) continue;
            long[] a = res[i][k], b = res[i][pk[i]];
            boolean dominated = true;
            for (int r = 0; r < R; r++) if (a[r] > b[r]) { dominated = false; break; }
            if (!dominated) continue;
            int old = pk[i];
            pk[i] = k;
            long[] nu = used(pk);
            if (fits(nu)) u = nu; else pk[i] = old;
        }
        return pk;
    }

    // ------------------------------------------------------------------ pipeline fill

    /** {interval, depth} of the design the picks make (squeezes included), as {@link Design} computes them. */
    private double[] fill(int[] pk) {
        long interval = 0;
        List<Pipeline.Edge> edges = p.edges();
        for (int i = 0; i < n; i++) interval = Math.max(interval, met[i][pk[i]].latency());
        StageMetrics[] sq = new StageMetrics[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            sq[e] = squeeze(e, pk);
            if (sq[e] != null) interval = Math.max(interval, sq[e].latency());
        }
        double[] best = new double[n], prod = new double[n];
        double depth = 0;
        for (int i = 0; i < n; i++) {
            double bestPrev = 0, prodPrev = 1;
            boolean first = true;
            for (int e : p.edgesIn(i)) {
                int f = edges.get(e).from();
                double b = best[f], pr = prod[f];
                if (sq[e] != null) {
                    StageMetrics m = sq[e];
                    pr = pr * m.sizeIn() / (double) m.sizeOut();
                    b += m.pipelineDepth() / m.rateIn() + interval / (double) m.sizeIn() * pr;
                    depth = Math.max(depth, b);
                }
                if (first || b > bestPrev) { bestPrev = b; prodPrev = pr; first = false; }
            }
            StageMetrics m = met[i][pk[i]];
            prod[i] = prodPrev * m.sizeIn() / (double) m.sizeOut();
            best[i] = bestPrev + m.pipelineDepth() / m.rateIn() + interval / (double) m.sizeIn() * prod[i];
            depth = Math.max(depth, best[i]);
        }
        return new double[] {interval, depth};
    }

    private int[] shortenFill(int[] start) {
        int[] pk = start.clone();
        long limit = interval(pk);
        double[] f = fill(pk);
        double score = f[0] * options.batch() + f[1];
        long[] u = used(pk);
        for (int pass = 0; pass < 2; pass++) {
            boolean improved = false;
            for (int i = 0; i < n; i++) {
                int cur = pk[i];
                long[] rc = res[i][cur];
                for (int k = 0; k < eff[i].length && eff[i][k] <= limit; k++) {
                    if (k == cur) continue;
                    // cheap filter: the core stages' resources must fit (squeezes are checked on acceptance)
                    boolean fitsCore = true;
                    for (int r = 0; r < R; r++) if (u[r] - rc[r] + res[i][k][r] > avail[r]) { fitsCore = false; break; }
                    if (!fitsCore) continue;
                    pk[i] = k;
                    double[] g = fill(pk);
                    double sc = g[0] * options.batch() + g[1];
                    if (g[0] <= f[0] && sc < score - 1e-9) {
                        long[] nu = used(pk);
                        if (fits(nu)) {
                            score = sc; f = g; u = nu; cur = k; rc = res[i][k]; improved = true;
                            continue;
                        }
                    }
                    pk[i] = cur;
                }
                pk[i] = cur;
            }
            if (!improved) break;
        }
        return pk;
    }
}
