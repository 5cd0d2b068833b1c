package dev.hass.hardware.dse;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.pipeline.Pipeline;
import dev.hass.hardware.stage.Folding;
import dev.hass.hardware.stage.PointwiseSparseConvStage;
import dev.hass.hardware.stage.SparseConvStage;
import dev.hass.hardware.stage.Stage;
import dev.hass.hardware.stage.StageMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference optimiser's greedy folding, as {@code HARDWARE_MODEL.md} states its rules, evaluated
 * in our model: the yardstick our DSE must never lose to, and one of the DSE's own starting points.
 *
 * <p>Start: every stage at parallelism 1, dense convs at fine = K² (the reference's default), sparse
 * convs at fine 1. Repeat: take the slowest stage (by effective latency, which includes the words per
 * stream a squeeze next to it would take); on a sparse conv raise {@code fine} by one while that gains
 * ≥ 1.2×, otherwise move to the next larger coarse product (ci·co·cg, ci·co or coarse) that lowers its
 * latency; keep the change only when the whole design (squeezes included) still fits. Stops when the
 * slowest stage has no such step that fits. Weights stay on chip in BRAM, as in the reference runs.
 */
final class GreedyFolding {
    private static final double FINE_GAIN = 1.2;

    private GreedyFolding() {}

    static Design run(Pipeline p, Platform platform, HardwareOptions options) {
        return Design.evaluate(p, foldings(p, platform, options), platform, options);
    }

    /** The greedy's folding per stage (stage order). */
    static List<Folding> foldings(Pipeline p, Platform platform, HardwareOptions options) {
        int n = p.size();
        List<Stage> stages = p.stages();
        Folding[] f = new Folding[n];
        StageMetrics[] m = new StageMetrics[n];
        for (int i = 0; i < n; i++) {
            f[i] = start(stages.get(i));
            m[i] = stages.get(i).evaluate(f[i]);
        }
        long[] lim = Dse.toArray(platform.limits());
        double[] avail = new double[5];
        for (int r = 0; r < 5; r++) avail[r] = Math.floor(lim[r] * options.resourceFraction());
        long[] used = total(p, m);
        if (!fits(used, avail)) return List.of(f);
        // each step strictly raises one stage's parallelism: the lattice bounds the loop
        while (true) {
            int slow = 0;
            for (int i = 1; i < n; i++) if (FoldingSearch.effective(m[i]) > FoldingSearch.effective(m[slow])) slow = i;
            Stage s = stages.get(slow);
            boolean moved = false;
            for (Folding next : steps(s, f[slow], m[slow])) {
                StageMetrics nm = s.evaluate(next);
                long[] u = used.clone();
                change(p, m, slow, nm, u);
                if (fits(u, avail)) {
                    f[slow] = next;
                    m[slow] = nm;
                    used = u;
                    moved = true;
                    break;
                }
            }
            if (!moved) break;
        }
        return List.of(f);
    }

    /** Updates the totals u for stage i changing to metrics nm: its own resources and its squeezes'. */
    private static void change(Pipeline p, StageMetrics[] m, int i, StageMetrics nm, long[] u) {
        int[] in = p.edgesIn(i), out = p.edgesOut(i);
        for (int e : in) addSqueeze(p, e, m[p.edges().get(e).from()].streamsOut(), m[i].streamsIn(), u, -1);
        for (int e : out) addSqueeze(p, e, m[i].streamsOut(), m[p.edges().get(e).to()].streamsIn(), u, -1);
        add(u, m[i].resources(), -1);
        add(u, nm.resources(), 1);
        for (int e : in) addSqueeze(p, e, m[p.edges().get(e).from()].streamsOut(), nm.streamsIn(), u, 1);
        for (int e : out) addSqueeze(p, e, nm.streamsOut(), m[p.edges().get(e).to()].streamsIn(), u, 1);
    }

    private static void addSqueeze(Pipeline p, int e, int streamsOut, int streamsIn, long[] u, int sign) {
        if (streamsOut == streamsIn) return;
        Stage sq = p.squeeze(e, streamsOut, streamsIn);
        add(u, sq.evaluate(sq.minimal()).resources(), sign);
    }

    private static Folding start(Stage s) {
        Folding min = s.minimal();
        if (min instanceof Folding.Conv && !(s instanceof SparseConvStage) && !(s instanceof PointwiseSparseConvStage)) {
            List<Integer> fine = s.space().fine();
            return new Folding.Conv(1, 1, 1, fine.get(fine.size() - 1));
        }
        return min;
    }

    /** The greedy's candidate moves for the slowest stage, in the order it tries them. */
    private static List<Folding> steps(Stage s, Folding cur, StageMetrics m) {
        long eff = FoldingSearch.effective(m);
        List<Folding> out = new ArrayList<>(2);
        Stage.FoldingSpace sp = s.space();
        if (cur instanceof Folding.Conv c) {
            if (s instanceof SparseConvStage && c.fine() < sp.fine().get(sp.fine().size() - 1)) {
                Folding up = new Folding.Conv(c.coarseIn(), c.coarseOut(), c.coarseGroup(), c.fine() + 1);
                if (eff >= FINE_GAIN * FoldingSearch.effective(s.evaluate(up))) out.add(up);
            }
            long product = (long) c.coarseIn() * c.coarseOut() * c.coarseGroup();
            Folding best = null;
            long bestProduct = Long.MAX_VALUE, bestEff = Long.MAX_VALUE;
            for (int cg : sp.coarseGroup()) for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) {
                long q = (long) ci * co * cg;
                if (q <= product || q > bestProduct) continue;
                Folding g = new Folding.Conv(ci, co, cg, c.fine());
                long e = FoldingSearch.effective(s.evaluate(g));
                if (e >= eff) continue;
                if (q < bestProduct || e < bestEff) { best = g; bestProduct = q; bestEff = e; }
            }
            if (best != null) out.add(best);
        } else if (cur instanceof Folding.InnerProduct c) {
            long product = (long) c.coarseIn() * c.coarseOut();
            Folding best = null;
            long bestProduct = Long.MAX_VALUE, bestEff = Long.MAX_VALUE;
            for (int ci : sp.coarseIn()) for (int co : sp.coarseOut()) {
                long q = (long) ci * co;
                if (q <= product || q > bestProduct) continue;
                Folding g = new Folding.InnerProduct(ci, co);
                long e = FoldingSearch.effective(s.evaluate(g));
                if (e >= eff) continue;
                if (q < bestProduct || e < bestEff) { best = g; bestProduct = q; bestEff = e; }
            }
            if (best != null) out.add(best);
        } else if (cur instanceof Folding.Coarse c) {
            for (int k : sp.coarseIn()) {
                if (k <= c.coarse()) continue;
                Folding g = new Folding.Coarse(k);
                if (FoldingSearch.effective(s.evaluate(g)) < eff) { out.add(g); break; }
            }
        }
        return out;
    }

    /** Resources of the core stages and of the squeezes their streams make necessary. */
    private static long[] total(Pipeline p, StageMetrics[] m) {
        long[] u = new long[5];
        for (StageMetrics x : m) add(u, x.resources(), 1);
        for (int e = 0; e < p.edges().size(); e++) {
            addSqueeze(p, e, m[p.edges().get(e).from()].streamsOut(), m[p.edges().get(e).to()].streamsIn(), u, 1);
        }
        return u;
    }

    private static void add(long[] u, Resources r, int sign) {
        u[0] += sign * r.dsp();
        u[1] += sign * r.bram();
        u[2] += sign * r.lut();
        u[3] += sign * r.ff();
        u[4] += sign * r.uram();
    }

    private static boolean fits(long[] u, double[] avail) {
        for (int r = 0; r < 5; r++) if (u[r] > avail[r]) return false;
        return true;
    }
}
