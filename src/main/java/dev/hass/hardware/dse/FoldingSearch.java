package dev.hass.hardware.dse;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.memory.OffChipWeights;
import dev.hass.hardware.memory.WeightPlacement;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.ConvSpec;
import dev.hass.hardware.stage.ConvStage;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * meets the final interval; (5) polish: aim at shorter intervals again, pricing each stage with the
 * squeezes to its neighbours and repairing overflow of the binding resource by single-stage moves
 * ({@link #polish}); (6) shorten the pipeline fill and (7) try slightly longer intervals when the fill
 * dominates the batch ({@link #finish}). Stage variants (weight placement, sparse or dense engine) are
 * options like the foldings.
 */
final class FoldingSearch {
    private static final int R = 6;   // DSP, BRAM, LUT, FF, URAM, off-chip bits per frame
    private static final int LAGRANGE_ROUNDS = 24;

    private final Pipeline p;
    private final Platform platform;
    private final HardwareOptions options;
    private final int n;
    private final double[] avail = new double[R];
    private final double[] w = new double[R];

    // per stage, options sorted by eff ascending
    private final Stage[][] optStage;
    private final Folding[][] fold;
    private final StageMetrics[][] met;
    private final long[][] eff;
    private final long[][][] res;
    private final double[][] resFlat;   // res[i][k][q] at [k·R + q]: the hot loops scan it linearly
    private final int[][] prefixBest;
    private final boolean[] broadcast;
    // edges as arrays (the hot loops walk them millions of times)
    private final int[] eFrom, eTo;
    private final int[][] edgesIn, edgesOut;
    // per stage and option: streams, latency, and the fill term's parts (see Design#term)
    private final int[][] sIn, sOut;
    private final long[][] lat;
    private final double[][] depthPerRate, sizeProduct;
    private final boolean[][] lone;
    // squeezes per edge, indexed by the from-stage's distinct stream-out count and the to-stage's
    // distinct stream-in count (a few each): metrics (null = none needed) and resources, made on first use
    private final int[][] outIdx, inIdx;
    private final int[][] outVals, inVals;
    private final StageMetrics[][] sqMet;
    private final byte[][] sqState;   // 0 = not yet made, 1 = made
    private final long[][] sqRes;     // [cell·5 + q]: DSP, BRAM, LUT, FF, URAM
    private double lowBound;

    FoldingSearch(Pipeline p, Platform platform, HardwareOptions options) {
        this.p = p;
        this.platform = platform;
        this.options = options;
        this.n = p.size();
        long[] lim = Dse.toArray(platform.limits());
        for (int r = 0; r < 5; r++) {
            avail[r] = Math.floor(lim[r] * options.resourceFraction());
            w[r] = 1.0 / Math.max(avail[r], 1e-6);
        }
        optStage = new Stage[n][];
        fold = new Folding[n][];
        met = new StageMetrics[n][];
        eff = new long[n][];
        res = new long[n][][];
        resFlat = new double[n][];
        prefixBest = new int[n][];
        int edges = p.edges().size();
        broadcast = new boolean[edges];
        eFrom = new int[edges];
        eTo = new int[edges];
        for (int e = 0; e < edges; e++) {
            broadcast[e] = p.broadcast(e);
            eFrom[e] = p.edges().get(e).from();
            eTo[e] = p.edges().get(e).to();
        }
        edgesIn = new int[n][];
        edgesOut = new int[n][];
        for (int i = 0; i < n; i++) { edgesIn[i] = p.edgesIn(i); edgesOut[i] = p.edgesOut(i); }
        long multiplierBudget = (long) avail[0] * options.widths().multipliersPerDsp();
        // no design is faster than this: options surely faster are only needed at their cheapest
        long[] floors = p.floorCycles();
        double low = 0;
        for (long f : floors) low = Math.max(low, f);
        low = Math.max(low, p.expectedMultiplierCycles() / Math.max(1.0, multiplierBudget));
        this.lowBound = low;
        for (int i = 0; i < n; i++) enumerate(i, multiplierBudget);
        sIn = new int[n][];
        sOut = new int[n][];
        lat = new long[n][];
        depthPerRate = new double[n][];
        sizeProduct = new double[n][];
        lone = new boolean[n][];
        outIdx = new int[n][];
        inIdx = new int[n][];
        outVals = new int[n][];
        inVals = new int[n][];
        for (int i = 0; i < n; i++) tabulate(i);
        sqMet = new StageMetrics[edges][];
        sqState = new byte[edges][];
        sqRes = new long[edges][];
        for (int e = 0; e < edges; e++) {
            int cells = outVals[eFrom[e]].length * inVals[eTo[e]].length;
            sqMet[e] = new StageMetrics[cells];
            sqState[e] = new byte[cells];
            sqRes[e] = new long[cells * 5];
        }
        StageMetrics[] m0 = new StageMetrics[n];
        List<Stage> defaults = p.stages();
        for (int i = 0; i < n; i++) m0[i] = met[i][eff[i].length - 1];
        ioBits = Design.offChipBitsPerFrame(p, defaults, m0, options);
        setTarget(Long.MAX_VALUE / 4);
        recomputePrefix();
        baseBest = new double[n];
        baseSource = new double[n];
        trialBest = new double[n];
        trialSource = new double[n];
        basePred = new int[n];
        baseDepthBefore = new double[n];
        baseEndBefore = new int[n];
        boolean fwd = true;
        for (int e = 0; e < edges; e++) fwd &= eFrom[e] < eTo[e];
        forward = fwd;
        double maxBits = Math.abs(ioBits);
        for (int i = 0; i < n; i++) {
            long most = 0;
            for (long[] r : res[i]) most = Math.max(most, Math.abs(r[5]));
            maxBits += most;
        }
        exactBits = ioBits == Math.rint(ioBits) && maxBits < 0x1p52;
    }

    private final double ioBits;

    /** The off-chip budget depends on the interval: bits per frame the board's bandwidth moves in t cycles. */
    private void setTarget(long t) {
        avail[5] = Math.max(0, platform.dramGbps() * 1e9 * (double) t / platform.frequencyHz() - ioBits);
        w[5] = 1.0 / Math.max(avail[5], 1.0);
    }

    private void enumerate(int i, long multiplierBudget) {
        Stage s = p.stages().get(i);
        Stage.FoldingSpace sp = s.space();
        List<Folding> all = new ArrayList<>();
        switch (sp.kind()) {
            case CONV -> {
                List<Integer> lci = sp.coarseIn(), lco = sp.coarseOut(), lcg = sp.coarseGroup(), lf = sp.fine();
                ConvSpec cs = s instanceof ConvStage c ? c.spec() : null;
                for (int g = 0; g < lcg.size(); g++) for (int a = 0; a < lci.size(); a++) for (int b = 0; b < lco.size(); b++) for (int q = 0; q < lf.size(); q++) {
                    int ci = lci.get(a), co = lco.get(b), cg = lcg.get(g), f = lf.get(q);
                    boolean minimal = a == 0 && b == 0 && g == 0 && q == 0;
                    if (!minimal && (long) f * ci * co * cg > multiplierBudget) continue;
                    // surely faster than any design can be, and so is a cheaper neighbour: skip
                    if (!minimal && cs != null && surelyFast(cs, ci, co, cg, f)
                            && ((a > 0 && surelyFast(cs, lci.get(a - 1), co, cg, f)) || (b > 0 && surelyFast(cs, ci, lco.get(b - 1), cg, f))
                                || (g > 0 && surelyFast(cs, ci, co, lcg.get(g - 1), f)) || (q > 0 && surelyFast(cs, ci, co, cg, lf.get(q - 1))))) continue;
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
        List<Stage> variants = p.variants(i);
        int per = all.size(), m = per * variants.size();
        StageMetrics[] ms = new StageMetrics[m];
        long[] e = new long[m];
        long[][] rs = new long[m][];
        List<Integer> kept = new ArrayList<>(m);
        for (int v = 0; v < variants.size(); v++) {
            Stage st = variants.get(v);
            // a weight placement reuses its on-chip stage's metrics at the same folding
            int base = st instanceof WeightPlacement wp ? variants.indexOf(wp.onChip()) : -1;
            int[][] space = v > 0 ? sorted(st.space()) : null;
            for (int k = 0; k < per; k++) {
                int j = v * per + k;
                Folding fk = all.get(k);
                if (v > 0 && !accepts(space, fk)) continue;   // e.g. the dense engine's fine must divide K²
                StageMetrics onChip = base >= 0 && base < v ? ms[base * per + k] : null;
                ms[j] = onChip != null && st instanceof WeightPlacement wp ? wp.fromOnChip(onChip, fk) : st.evaluate(fk);
                e[j] = effective(ms[j]);
                rs[j] = Dse.toArray(ms[j].resources(), st instanceof OffChipWeights o ? o.weightBitsPerFrame() : 0);
                // (options that alone overflow a budget are kept: dropping them changes the Lagrangian's path,
                // measured 23 % slower on resnet8_sparse x3 on zcu104)
                if (v == 0 || !MemoryOptions.useless(rs, e, j, per, v, avail)) kept.add(j);
            }
        }
        int[] idx = byEffective(kept, e, m);
        m = idx.length;
        optStage[i] = new Stage[m];
        fold[i] = new Folding[m];
        met[i] = new StageMetrics[m];
        eff[i] = new long[m];
        res[i] = new long[m][];
        resFlat[i] = new double[m * R];
        for (int k = 0; k < m; k++) {
            int j = idx[k];
            optStage[i][k] = variants.get(j / per);
            fold[i][k] = all.get(j % per);
            met[i][k] = ms[j];
            eff[i][k] = e[j];
            res[i][k] = rs[j];
            for (int q = 0; q < R; q++) resFlat[i][k * R + q] = rs[j][q];
        }
    }

    /** Stage i's per-option arrays the hot loops read instead of its metrics. */
    private void tabulate(int i) {
        int m = met[i].length;
        sIn[i] = new int[m];
        sOut[i] = new int[m];
        lat[i] = new long[m];
        depthPerRate[i] = new double[m];
        sizeProduct[i] = new double[m];
        lone[i] = new boolean[m];
        outIdx[i] = new int[m];
        inIdx[i] = new int[m];
        for (int k = 0; k < m; k++) {
            StageMetrics x = met[i][k];
            sIn[i][k] = x.streamsIn();
            sOut[i][k] = x.streamsOut();
            lat[i][k] = x.latency();
            depthPerRate[i][k] = x.pipelineDepth() / x.rateIn();
            sizeProduct[i][k] = (double) x.sizeIn() * x.sizeOut();
            for (int q = 0; q < 5; q++) if (resFlat[i][k * R + q] > avail[q]) lone[i][k] = true;
        }
        outVals[i] = distinct(sOut[i]);
        inVals[i] = distinct(sIn[i]);
        for (int k = 0; k < m; k++) {
            outIdx[i][k] = Arrays.binarySearch(outVals[i], sOut[i][k]);
            inIdx[i][k] = Arrays.binarySearch(inVals[i], sIn[i][k]);
        }
    }

    /** The distinct values of a, sorted. */
    private static int[] distinct(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        int u = 0;
        for (int k = 0; k < s.length; k++) if (k == 0 || s[k] != s[k - 1]) s[u++] = s[k];
        return Arrays.copyOf(s, u);
    }

    /**
     * The kept option indices sorted by eff, and among equal eff the default implementation (higher
     * index) first. Sorted as packed longs (eff, then the complement of the index): the keys are
     * distinct, so this is the order of the comparator sort it replaces.
     */
    static int[] byEffective(List<Integer> kept, long[] e, int m) {
        int size = kept.size();
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, m));
        long maxE = 0;
        for (int x = 0; x < size; x++) maxE = Math.max(maxE, e[kept.get(x)]);
        int[] idx = new int[size];
        if (maxE < (1L << (62 - bits))) {
            long[] key = new long[size];
            for (int x = 0; x < size; x++) { int j = kept.get(x); key[x] = (e[j] << bits) | (m - 1 - j); }
            Arrays.sort(key);
            long mask = (1L << bits) - 1;
            for (int x = 0; x < size; x++) idx[x] = m - 1 - (int) (key[x] & mask);
            return idx;
        }
        Integer[] boxed = kept.toArray(new Integer[0]);
        Arrays.sort(boxed, (a, b) -> e[a] != e[b] ? Long.compare(e[a], e[b]) : Integer.compare(b, a));
        for (int x = 0; x < size; x++) idx[x] = boxed[x];
        return idx;
    }

    /** The space's lists as sorted arrays: coarse-in, coarse-out, coarse-group, fine. */
    private static int[][] sorted(Stage.FoldingSpace sp) {
        List<List<Integer>> l = Arrays.asList(sp.coarseIn(), sp.coarseOut(), sp.coarseGroup(), sp.fine());
        int[][] out = new int[4][];
        for (int x = 0; x < 4; x++) {
            out[x] = l.get(x) == null ? new int[0] : l.get(x).stream().mapToInt(Integer::intValue).toArray();
            Arrays.sort(out[x]);
        }
        return out;
    }

    /** True when the folding is in the space (a variant may accept fewer foldings than the stage it replaces). */
    private static boolean accepts(int[][] sp, Folding f) {
        if (f instanceof Folding.Conv c) {
            return has(sp[3], c.fine()) && has(sp[0], c.coarseIn()) && has(sp[1], c.coarseOut()) && has(sp[2], c.coarseGroup());
        }
        if (f instanceof Folding.InnerProduct ip) return has(sp[0], ip.coarseIn()) && has(sp[1], ip.coarseOut());
        return has(sp[0], ((Folding.Coarse) f).coarse());
    }

    private static boolean has(int[] sorted, int v) { return Arrays.binarySearch(sorted, v) >= 0; }

    /**
     * An upper bound of the conv's effective latency (dense cycles — zeros only ever skip work — and the
     * stream bounds) below the lower bound of every design's interval.
     */
    private boolean surelyFast(ConvSpec c, int ci, int co, int cg, int fine) {
        double windows = (double) c.rowsOut() * c.colsOut() * c.input().channels() * c.filters() / ((double) c.groups() * ci * co * cg);
        double compute = windows * Math.ceil((double) c.kernelSize() / fine);
        double in = (double) c.paddedRows() * c.paddedCols() * c.input().channels() / (ci * cg);
        double out = (double) c.rowsOut() * c.colsOut() * c.filters() / (co * cg);
        return Math.max(compute, Math.max(in, out)) + 1 < lowBound;
    }

    static long effective(StageMetrics m) {
        return Math.max(m.latency(), Math.max(m.sizeIn(), m.sizeOut()));
    }

    /** Σ_q λ_q·resource_q of stage i's option k (R = 6, unrolled: this is the search's inner loop). */
    private double cost(int i, int k, double[] lambda) {
        double[] r = resFlat[i];
        int o = k * R;
        return lambda[0] * r[o] + lambda[1] * r[o + 1] + lambda[2] * r[o + 2] + lambda[3] * r[o + 3]
                + lambda[4] * r[o + 4] + lambda[5] * r[o + 5];
    }

    private void recomputePrefix() {
        for (int i = 0; i < n; i++) {
            int m = eff[i].length;
            int[] pb = prefixBest[i] == null ? new int[m] : prefixBest[i];
            int best = 0;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                double c = cost(i, k, w);
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
        for (int e = 0; e < eFrom.length; e++) {
            int c = cell(e, pk[eFrom[e]], pk[eTo[e]]);
            if (sqMet[e][c] != null) {
                long[] r = sqRes[e];
                for (int k = 0; k < 5; k++) u[k] += r[c * 5 + k];
            }
        }
        return u;
    }

    private StageMetrics squeeze(int e, int[] pk) {
        return sqMet[e][cell(e, pk[eFrom[e]], pk[eTo[e]])];
    }

    /**
     * The squeeze cell of edge e when its from-stage takes option a and its to-stage option b; the
     * squeeze (null when the stream counts agree) is made and evaluated on first use.
     */
    private int cell(int e, int a, int b) {
        int f = eFrom[e], t = eTo[e];
        int c = outIdx[f][a] * inVals[t].length + inIdx[t][b];
        if (sqState[e][c] == 0) {
            int so = sOut[f][a], si = sIn[t][b];
            if (so != si) {
                Stage s = p.squeeze(e, so, si);
                StageMetrics m = s.evaluate(s.minimal());
                sqMet[e][c] = m;
                Resources r = m.resources();
                long[] x = sqRes[e];
                x[c * 5] = r.dsp();
                x[c * 5 + 1] = r.bram();
                x[c * 5 + 2] = r.lut();
                x[c * 5 + 3] = r.ff();
                x[c * 5 + 4] = r.uram();
            }
            sqState[e][c] = 1;
        }
        return c;
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
        long[] cand = candidates(false);
        // (1) the cheapest folding of every stage must fit, else nothing does
        setTarget(cand[cand.length - 1]);
        recomputePrefix();
        int[] top = picks(cand[cand.length - 1]);
        if (top == null || !fits(used(top))) return Dse.minimal(p, platform, options);
        int[] best = top;
        // (2) binary search for the smallest target interval a re-weighted cheapest choice fits
        int lo = 0, hi = cand.length - 2, bestIdx = cand.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int[] pk = fitAt(cand[mid]);
            if (pk != null) { best = pk; bestIdx = mid; hi = mid - 1; } else lo = mid + 1;
        }
        // the same search with the fixed base weights below what was found (another basin)
        lo = 0;
        hi = bestIdx - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            setTarget(cand[mid]);
            recomputePrefix();
            int[] pk = picks(cand[mid]);
            if (pk != null && fits(used(pk))) { best = pk; bestIdx = mid; hi = mid - 1; } else lo = mid + 1;
        }
        setTarget(interval(best));
        recomputePrefix();
        trace("search");
        // (3) greedy upgrades of the bottleneck with what is left
        best = greedy(best);
        trace("greedy");
        // (4) drop dominated resources at the final interval
        best = relax(best);
        trace("relax");
        // (5) trade folding between stages on the binding resource to lower the interval further;
        //     finished both ways when it moved anything, the shorter batch kept (it aims at the interval)
        int[] plain = best;
        int[] polished = polish(best, candidates(true));
        trace("polish");
        best = finish(polished, cand);
        if (!Arrays.equals(polished, plain)) {
            int[] other = finish(plain, cand);
            if (score(other) < score(best)) best = other;
        }
        trace("finish");
        List<Folding> f = new ArrayList<>(n);
        List<Stage> chosen = new ArrayList<>(n);
        StageMetrics[] m = new StageMetrics[n];
        for (int i = 0; i < n; i++) { f.add(fold[i][best[i]]); chosen.add(optStage[i][best[i]]); m[i] = met[i][best[i]]; }
        return Design.assemble(p, chosen, f, m, platform, options);
    }

    /**
     * (6) shorten the pipeline fill with what is left, never lengthening the interval; (7) when the fill
     * is a large part of a batch, a slightly longer interval can pay: it frees resources the fill pass
     * turns into a shorter fill; keep whichever batch is shortest.
     */
    private int[] finish(int[] start, long[] cand) {
        int[] best = shortenFill(start);
        double[] f0 = fill(best);
        double score = f0[0] * options.batch() + f0[1];
        if (f0[1] > 0.08 * f0[0] * options.batch()) {
            long base = interval(best);
            for (double factor : new double[] {1.1, 1.25, 1.5, 2.0}) {
                int idx = Arrays.binarySearch(cand, (long) (base * factor));
                idx = idx >= 0 ? idx : -idx - 2;
                if (idx < 0) continue;
                int[] pk = fitAt(cand[idx]);
                if (pk == null) continue;
                pk = shortenFill(relax(pk));
                double[] g = fill(pk);
                double sc = g[0] * options.batch() + g[1];
                if (sc < score) { score = sc; best = pk; } else break;   // longer still will not pay either
            }
        }
        return best;
    }

    /**
     * Picks reaching target t that fit, or null. Each stage takes its cheapest folding with eff ≤ t under
     * resource weights λ; while the sum does not fit, the weights of the resources that overflow are
     * raised (multiplicatively, by how much they overflow) and the choice repeated — a Lagrangian
     * heuristic for the multiple-choice knapsack of one target.
     */
    private int[] fitAt(long t) {
        setTarget(t);
        double[] lambda = w.clone();
        int[] pk = new int[n];
        for (int it = 0; it < LAGRANGE_ROUNDS; it++) {
            for (int i = 0; i < n; i++) {
                int bestK = -1;
                double bestC = Double.POSITIVE_INFINITY;
                long[] e = eff[i];
                for (int k = 0; k < e.length && e[k] <= t; k++) {
                    double c = cost(i, k, lambda);
                    if (c <= bestC) { bestC = c; bestK = k; }
                }
                if (bestK < 0) return null;
                pk[i] = bestK;
            }
            long[] u = used(pk);
            boolean over = false;
            for (int q = 0; q < R; q++) if (u[q] > avail[q]) over = true;
            if (!over) return pk;
            // exponentiated subgradient step with a shrinking step: overflowing resources get dearer,
            // slack ones cheaper (never below their base weight's 1/64)
            double eta = 2.0 / (1 + it * 0.5);
            for (int q = 0; q < R; q++) {
                if (avail[q] <= 0) continue;
                double g = Math.max(-1.0, Math.min(2.0, u[q] / avail[q] - 1));
                lambda[q] = Math.max(w[q] / 64, lambda[q] * Math.exp(eta * g));
            }
        }
        return null;
    }

    /**
     * Local search on the binding resources, for what the Lagrangian choice of {@link #fitAt} misses
     * when LUT or BRAM, not DSP, run out: it prices each stage alone, while squeezes between stages of
     * different streams cost logic too. For a target T' below the current interval (binary search over
     * the candidate intervals), every stage slower than T' moves to its cheapest option reaching it,
     * squeezes to its neighbours included, and while the design does not fit, the single-stage move to
     * an option still reaching T' that frees the most of the overflowing resources is made. The work is
     * bounded by a budget of option evaluations, so results do not depend on the machine.
     */
    private int[] polish(int[] start, long[] cand) {
        int[] best = start.clone();
        long t = interval(best);
        int hi = Arrays.binarySearch(cand, t);
        hi = (hi >= 0 ? hi : -hi - 1) - 1;
        // aim at most 1.5× faster: the Lagrangian search is not that far off, and misses cost the most
        int lo = Arrays.binarySearch(cand, t * 2 / 3);
        lo = lo >= 0 ? lo : -lo - 1;
        long options = 0;
        for (int i = 0; i < n; i++) options += eff[i].length;
        budget = Math.min(POLISH_BUDGET, 12 * options);
        int[] from = best;
        double bestScore = score(best);
        while (lo <= hi && budget > 0) {
            int mid = (lo + hi) >>> 1;
            // from the current design, else from the cheapest one (another basin)
            int[] pk = repairAt(from, cand[mid]);
            if (pk == null && budget > 0) pk = repairAt(cheapestPicks(), cand[mid]);
            if (pk == null) { lo = mid + 1; continue; }
            from = pk;
            hi = mid - 1;
            // a shorter target interval need not be a shorter batch (fill, squeezes): keep the best batch
            double sc = score(pk);
            if (sc < bestScore) { bestScore = sc; best = pk; }
        }
        setTarget(interval(best));
        return best;
    }

    /** Every stage at its option of least base-weighted cost (all resources scarce alike). */
    private int[] cheapestPicks() {
        int[] pk = new int[n];
        for (int i = 0; i < n; i++) {
            double bc = Double.POSITIVE_INFINITY;
            for (int k = 0; k < eff[i].length; k++) { double c = cost(i, k, w); if (c < bc) { bc = c; pk[i] = k; } }
        }
        return pk;
    }

    /** Batch cycles of the picks as {@link #fill} estimates them (interval·B + depth). */
    private double score(int[] pk) {
        double[] f = fill(pk);
        return f[0] * options.batch() + f[1];
    }

    private static final long POLISH_BUDGET = 300_000;
    private long budget;

    /** Picks reaching target t from pk (the slower stages upgraded, overflow repaired), or null. */
    private int[] repairAt(int[] from, long t) {
        setTarget(t);
        int[] pk = from.clone();
        double[] lambda = w.clone();
        for (int i = 0; i < n; i++) {
            if (eff[i][pk[i]] <= t) continue;
            int k = cheapest(i, t, pk, lambda);
            if (k < 0) return null;
            pk[i] = k;
        }
        long[] u = used(pk);
        boolean[] overNow = new boolean[R];
        int[] bestK = new int[n];
        double[] gain = new double[n];
        boolean[] stale = new boolean[n];
        Arrays.fill(stale, true);
        for (int step = 0; step < 2 * n && budget > 0; step++) {
            boolean over = false, changed = false;
            for (int q = 0; q < R; q++) {
                boolean o = u[q] > avail[q];
                over |= o;
                changed |= o != overNow[q];
                overNow[q] = o;
                // overflowing resources count in full, the others barely (they may absorb the trade)
                lambda[q] = avail[q] <= 0 ? 0 : (o ? 1.0 : 1e-3) / avail[q];
            }
            if (!over) return pk;
            if (changed) Arrays.fill(stale, true);
            int bi = -1;
            for (int i = 0; i < n; i++) {
                if (stale[i]) {
                    bestK[i] = cheapest(i, t, pk, lambda);
                    gain[i] = bestK[i] < 0 ? 0 : localCost(i, pk[i], pk, lambda) - localCost(i, bestK[i], pk, lambda);
                    stale[i] = false;
                }
                if (gain[i] > 1e-12 && (bi < 0 || gain[i] > gain[bi])) bi = i;
            }
            // no single move helps: a stage with one stream count (activation, pooling, ...) next to it
            // may have to follow its streams
            int[] pair = bi >= 0 ? null : bestPair(pk, t, lambda, 1e-12);
            if (pair != null) {
                pk[pair[0]] = pair[1];
                pk[pair[2]] = pair[3];
                u = used(pk);
                Arrays.fill(stale, true);
                continue;
            }
            if (bi < 0) return null;
            pk[bi] = bestK[bi];
            u = used(pk);
            // the move changes the squeezes of its neighbours' options
            stale[bi] = true;
            for (int e : edgesIn[bi]) stale[eFrom[e]] = true;
            for (int e : edgesOut[bi]) stale[eTo[e]] = true;
        }
        return null;
    }

    /**
     * The joint move of a stage and a single-coarse neighbour (whose options are few) gaining more than
     * {@code atLeast}: {i, k_i, j, k_j}, or null.
     */
    private int[] bestPair(int[] pk, long t, double[] lambda, double atLeast) {
        int[] best = null;
        double bestGain = atLeast;
        List<Pipeline.Edge> edges = p.edges();
        for (int e = 0; e < edges.size() && budget > 0; e++) {
            int a = edges.get(e).from(), b = edges.get(e).to();
            boolean aCoarse = p.stages().get(a).space().kind() == Stage.FoldingSpace.Kind.COARSE;
            boolean bCoarse = p.stages().get(b).space().kind() == Stage.FoldingSpace.Kind.COARSE;
            if (!aCoarse && !bCoarse) continue;
            int i = bCoarse ? a : b, j = bCoarse ? b : a;   // j follows
            int ci = pk[i], cj = pk[j];
            double before = localCost(i, ci, pk, lambda) + localCost(j, cj, pk, lambda);
            for (int ki = 0; ki < eff[i].length && eff[i][ki] <= t; ki++) {
                if (alone(i, ki)) continue;
                pk[i] = ki;
                for (int kj = 0; kj < eff[j].length && eff[j][kj] <= t; kj++) {
                    pk[j] = kj;
                    double g = before - localCost(i, ki, pk, lambda) - localCost(j, kj, pk, lambda);
                    if (g > bestGain) { bestGain = g; best = new int[] {i, ki, j, kj}; }
                }
                budget -= eff[j].length;
            }
            pk[i] = ci;
            pk[j] = cj;
        }
        return best;
    }

    /** Stage i's option with eff ≤ t of least weighted cost, its squeezes included, or -1. */
    private int cheapest(int i, long t, int[] pk, double[] lambda) {
        int best = -1;
        double bestC = Double.POSITIVE_INFINITY;
        long[] e = eff[i];
        for (int k = 0; k < e.length && e[k] <= t; k++) {
            if (alone(i, k)) continue;
            double c = localCost(i, k, pk, lambda);
            if (c < bestC) { bestC = c; best = k; }
        }
        budget -= e.length;
        return best;
    }

    /** True when stage i's option k alone needs more of a resource than the board has: never a repair. */
    private boolean alone(int i, int k) {
        return lone[i][k];
    }

    /** Weighted cost of stage i at option k and of the squeezes to its neighbours at their picks. */
    private double localCost(int i, int k, int[] pk, double[] lambda) {
        double c = cost(i, k, lambda);
        for (int e : edgesIn[i]) c += squeezeCost(e, cell(e, pk[eFrom[e]], k), lambda);
        for (int e : edgesOut[i]) c += squeezeCost(e, cell(e, k, pk[eTo[e]]), lambda);
        return c;
    }

    /** Σ_q λ_q·resource_q of the squeeze in cell c of edge e (0 when there is none). */
    private double squeezeCost(int e, int c, double[] lambda) {
        if (sqMet[e][c] == null) return 0;
        long[] r = sqRes[e];
        int o = c * 5;
        return lambda[0] * r[o] + lambda[1] * r[o + 1] + lambda[2] * r[o + 2] + lambda[3] * r[o + 3] + lambda[4] * r[o + 4];
    }

    /**
     * Sorted distinct target intervals: the effective latencies from the largest per-stage minimum (no
     * design is faster) up, and with {@code grid} a geometric grid over the same range.
     */
    private long[] candidates(boolean grid) {
        long floor = 0;
        int total = 0;
        for (int i = 0; i < n; i++) { floor = Math.max(floor, eff[i][0]); total += eff[i].length; }
        floor = Math.max(floor, bandwidthFloor());
        long top = floor;
        for (int i = 0; i < n; i++) top = Math.max(top, eff[i][eff[i].length - 1]);
        // between stage latencies only the off-chip budget grows with the target: a 2 % grid lets a
        // design whose weight streaming sets the interval be aimed at
        int steps = grid && floor > 0 ? (int) Math.ceil(Math.log((double) top / floor) / Math.log(1.02)) : 0;
        long[] all = new long[total + 1 + steps];
        int c = 0;
        all[c++] = floor;
        for (int i = 0; i < n; i++) for (long e : eff[i]) if (e >= floor) all[c++] = e;
        for (int g = 1; g <= steps; g++) all[c++] = Math.min(top, (long) Math.ceil(floor * Math.pow(1.02, g)));
        long[] s = Arrays.copyOf(all, c);
        Arrays.sort(s);
        int u = 0;
        for (int k = 0; k < s.length; k++) if (k == 0 || s[k] != s[k - 1]) s[u++] = s[k];
        return Arrays.copyOf(s, u);
    }

    /** Interval below which off-chip bandwidth, not the fabric, limits throughput. */
    private long bandwidthFloor() {
        return (long) Math.floor(ioBits * platform.frequencyHz() / (platform.dramGbps() * 1e9));
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
            setTarget(interval(next));
            if (!fits(nu)) { setTarget(t); break; }
            pk = next;
            u = nu;
        }
        return pk;
    }

    private int[] relax(int[] start) {
        int[] pk = start.clone();
        long t = interval(pk);
        setTarget(t);
        recomputePrefix();
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
        long interval = intervalOf(pk);
        return new double[] {interval, depthFrom(pk, interval, 0, trialBest, trialSource, null, false)};
    }

    /**
     * As {@link #fill(int[])}, for the design {@link #shortenFill} moves from: its per-stage fill values
     * are kept (see {@link #trialFill}), and {@code onPath} is set true for the stages of one longest
     * fill path (only stages on it can shorten the fill without changing the interval).
     */
    private double[] fill(int[] pk, boolean[] onPath) {
        long interval = intervalOf(pk);
        recordIntervalParts(pk);
        double depth = depthFrom(pk, interval, 0, baseBest, baseSource, basePred, true);
        Arrays.fill(onPath, false);
        for (int i = lastEnd; i >= 0; i = basePred[i]) onPath[i] = true;
        return new double[] {interval, depth};
    }

    /**
     * {@link #fill(int[])} of the base design (the last {@link #fill(int[], boolean[])}) with stage i
     * moved to pk[i], or null when its interval is longer than {@code limit}. With the interval unchanged,
     * stages before i keep their values (edges run from lower to higher stage index), so only i onward is
     * recomputed — the same sums in the same order, hence the same numbers.
     */
    private double[] trialFill(int[] pk, int i, long baseInterval, long limit) {
        long interval = trialInterval(pk, i);
        if (interval > limit) return null;
        int start = interval == baseInterval && forward ? i : 0;
        System.arraycopy(baseBest, 0, trialBest, 0, start);
        System.arraycopy(baseSource, 0, trialSource, 0, start);
        return new double[] {interval, depthFrom(pk, interval, start, trialBest, trialSource, null, false)};
    }

    /** The interval of the picks: slowest stage or squeeze, or the off-chip bandwidth. */
    private long intervalOf(int[] pk) {
        long interval = 0;
        for (int i = 0; i < n; i++) interval = Math.max(interval, lat[i][pk[i]]);
        for (int e = 0; e < eFrom.length; e++) {
            StageMetrics q = squeeze(e, pk);
            if (q != null) interval = Math.max(interval, q.latency());
        }
        double bits = ioBits;
        for (int i = 0; i < n; i++) bits += res[i][pk[i]][5];
        return Math.max(interval, (long) Math.ceil(bits * platform.frequencyHz() / (platform.dramGbps() * 1e9)));
    }

    // the base design's interval parts: its picks, the two slowest stages, the slowest squeezes, off-chip bits
    private int[] basePk;
    private long latTop1, latTop2;
    private int latTop1Stage;
    private static final int TOP_EDGES = 6;
    private final long[] topEdgeLat = new long[TOP_EDGES];
    private final int[] topEdge = new int[TOP_EDGES];
    private int topEdges;
    private double baseBits;
    private boolean exactBits;   // off-chip bits are whole numbers below 2^53: sums in any order are exact

    private void recordIntervalParts(int[] pk) {
        basePk = pk.clone();
        latTop1 = 0;
        latTop2 = 0;
        latTop1Stage = -1;
        for (int i = 0; i < n; i++) {
            long l = lat[i][pk[i]];
            if (latTop1Stage < 0 || l > latTop1) { latTop2 = latTop1Stage < 0 ? 0 : latTop1; latTop1 = l; latTop1Stage = i; }
            else if (l > latTop2) latTop2 = l;
        }
        topEdges = 0;
        for (int e = 0; e < eFrom.length; e++) {
            StageMetrics q = squeeze(e, pk);
            long l = q == null ? 0 : q.latency();
            // insertion into the descending top list
            int at = topEdges < TOP_EDGES ? topEdges++ : TOP_EDGES;
            while (at > 0 && topEdgeLat[at - 1] < l) {
                if (at < TOP_EDGES) { topEdgeLat[at] = topEdgeLat[at - 1]; topEdge[at] = topEdge[at - 1]; }
                at--;
            }
            if (at < TOP_EDGES) { topEdgeLat[at] = l; topEdge[at] = e; }
        }
        double bits = ioBits;
        for (int i = 0; i < n; i++) bits += res[i][pk[i]][5];
        baseBits = bits;
    }

    /** {@link #intervalOf} of the base design with stage i moved to pk[i], from the recorded parts. */
    private long trialInterval(int[] pk, int i) {
        int k = pk[i], cur = basePk[i];
        long interval = Math.max(i == latTop1Stage ? latTop2 : latTop1, lat[i][k]);
        // squeezes away from stage i keep their latency: the slowest of them is in the top list unless
        // every edge there touches i
        boolean found = false;
        for (int t = 0; t < topEdges && !found; t++) {
            int e = topEdge[t];
            if (eFrom[e] != i && eTo[e] != i) { interval = Math.max(interval, topEdgeLat[t]); found = true; }
        }
        if (!found && topEdges == TOP_EDGES) {
            for (int e = 0; e < eFrom.length; e++) {
                if (eFrom[e] == i || eTo[e] == i) continue;
                StageMetrics q = squeeze(e, pk);
                if (q != null) interval = Math.max(interval, q.latency());
            }
        }
        for (int e : edgesIn[i]) { StageMetrics q = squeeze(e, pk); if (q != null) interval = Math.max(interval, q.latency()); }
        for (int e : edgesOut[i]) { StageMetrics q = squeeze(e, pk); if (q != null) interval = Math.max(interval, q.latency()); }
        double bits;
        if (exactBits) bits = baseBits - res[i][cur][5] + res[i][k][5];
        else {
            bits = ioBits;
            for (int j = 0; j < n; j++) bits += res[j][pk[j]][5];
        }
        return Math.max(interval, (long) Math.ceil(bits * platform.frequencyHz() / (platform.dramGbps() * 1e9)));
    }

    // per-stage longest fill path (best) and its source's words per stream, for the base design and a trial
    private double[] baseBest, baseSource, trialBest, trialSource;
    private int[] basePred;
    // for the base design: the depth and sink over the stages before i (a trial from i starts there)
    private double[] baseDepthBefore;
    private int[] baseEndBefore;
    private int lastEnd;
    private boolean forward;   // every edge runs from a lower to a higher stage index

    /**
     * The longest fill path ending at a sink, computing best/source from stage {@code start} on (entries
     * before it already hold this design's values; a start above 0 continues the base design's sinks).
     */
    private double depthFrom(int[] pk, long interval, int start, double[] best, double[] source, int[] pred, boolean record) {
        double depth = start == 0 ? 0 : baseDepthBefore[start];
        int end = start == 0 ? -1 : baseEndBefore[start];
        for (int i = start; i < n; i++) {
            if (record) { baseDepthBefore[i] = depth; baseEndBefore[i] = end; }
            int k = pk[i];
            double bestPrev = 0, src = met[i][k].sizeIn();
            boolean first = true;
            double extra = 0;
            int from = -1;
            for (int e : edgesIn[i]) {
                if (broadcast[e]) { extra = interval; continue; }
                int f = eFrom[e];
                double b = best[f];
                StageMetrics q = sqMet[e][cell(e, pk[f], k)];
                if (q != null) b += Design.term(q, interval, source[f]);
                if (first || b > bestPrev) { bestPrev = b; src = source[f]; first = false; from = f; }
            }
            source[i] = src;
            // Design.term, from the tabulated parts
            best[i] = bestPrev + (depthPerRate[i][k] + interval * src / sizeProduct[i][k]) + extra;
            if (pred != null) pred[i] = from;
            if (edgesOut[i].length == 0 && (end < 0 || best[i] > depth)) { depth = best[i]; end = i; }
        }
        lastEnd = end;
        return depth;
    }

    /**
     * True when option k of stage i cannot shorten the batch compared with option cur: the same streams
     * (so the same squeezes and words per stream), no shorter latency, no fewer off-chip bits and no
     * smaller pd/rate_in — every term of every fill path, and the interval, stay as long or longer.
     */
    private boolean cannotShorten(int i, int k, int cur) {
        return sIn[i][k] == sIn[i][cur] && sOut[i][k] == sOut[i][cur] && lat[i][k] >= lat[i][cur]
                && res[i][k][5] >= res[i][cur][5] && depthPerRate[i][k] >= depthPerRate[i][cur];
    }

    /**
     * Whether another option of stage i could shorten the batch: only when it is on the longest fill
     * path, sets (or borders a squeeze that sets) the interval, streams weights (off-chip bits can set
     * the interval), or starts the pipeline (its words per stream scale every term).
     */
    private boolean mayShortenFill(int i, int[] pk, boolean[] onPath, long interval) {
        if (onPath[i] || p.edgesIn(i).length == 0 || res[i][pk[i]][5] > 0) return true;
        // the interval falls only when every stage setting it changes: with two or more, one alone cannot
        int setting = 0;
        boolean mine = met[i][pk[i]].latency() >= interval;
        for (int j = 0; j < n; j++) if (met[j][pk[j]].latency() >= interval) setting++;
        for (int e = 0; e < p.edges().size(); e++) {
            StageMetrics q = squeeze(e, pk);
            if (q == null || q.latency() < interval) continue;
            setting++;
            Pipeline.Edge edge = p.edges().get(e);
            mine |= edge.from() == i || edge.to() == i;
        }
        return mine && setting == 1;
    }

    private int[] shortenFill(int[] start) {
        int[] pk = start.clone();
        long limit = interval(pk);
        setTarget(limit);
        boolean[] onPath = new boolean[n];
        double[] f = fill(pk, onPath);
        double score = f[0] * options.batch() + f[1];
        long[] u = used(pk);
        for (int pass = 0; pass < 2; pass++) {
            boolean improved = false;
            // the stages that lengthen the fill most go first: resources spent on them buy the most
            Integer[] order = new Integer[n];
            double[] share = new double[n];
            double s0 = met[0][pk[0]].sizeIn();
            for (int i = 0; i < n; i++) {
                order[i] = i;
                share[i] = Design.term(met[i][pk[i]], (long) f[0], s0);
            }
            Arrays.sort(order, (a, b) -> Double.compare(share[b], share[a]));
            for (int oi = 0; oi < n; oi++) {
                int i = order[oi];
                if (!mayShortenFill(i, pk, onPath, (long) f[0])) continue;
                int cur = pk[i];
                long[] rc = res[i][cur];
                for (int k = 0; k < eff[i].length && eff[i][k] <= limit; k++) {
                    if (k == cur || cannotShorten(i, k, cur)) continue;
                    // cheap filter: the core stages' resources must fit (squeezes are checked on acceptance)
                    boolean fitsCore = true;
                    for (int r = 0; r < R; r++) if (u[r] - rc[r] + res[i][k][r] > avail[r]) { fitsCore = false; break; }
                    if (!fitsCore) continue;
                    pk[i] = k;
                    // a longer interval is refused whatever the fill: null
                    double[] g = trialFill(pk, i, (long) f[0], (long) f[0]);
                    double sc = g == null ? 0 : g[0] * options.batch() + g[1];
                    if (g != null && g[0] <= f[0] && sc < score - 1e-9) {
                        long[] nu = used(pk);
                        if (fits(nu)) {
                            score = sc; f = fill(pk, onPath); u = nu; cur = k; rc = res[i][k]; improved = true;
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
