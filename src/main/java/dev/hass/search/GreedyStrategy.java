package dev.hass.search;

import dev.hass.experiment.Algorithm;
import dev.hass.space.Distribution;
import dev.hass.space.Encoding;
import dev.hass.study.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The greedy search as released with HASS (fpgaconvnet-torch {@code sparsity_search_example.py}, see
 * METHOD.md): two thresholds for the whole network, starting at their lowest values; each step tries
 * τ_w + one step and τ_a + one step (0.001 and 0.01 in the released code: the distributions' steps here),
 * keeps the candidate with the smaller accuracy loss per unit of throughput gained, and stops once accuracy
 * has dropped more than the allowed drop below the dense model (or both thresholds are at their highest,
 * or the budget is used up).
 */
public final class GreedyStrategy implements Strategy {
    /** Steps for distributions without a step: this fraction of the range. */
    static final double CONTINUOUS_STEP = 0.01;

    @Override public String name() { return Algorithm.GREEDY.id(); }

    @Override
    public void run(Context ctx) {
        Distribution w = ctx.space().weightThreshold(), a = ctx.space().activationThreshold();
        Encoding enc = ctx.encoding();
        boolean hasActivation = enc.params().stream().anyMatch(p -> p.name().startsWith(Encoding.GLOBAL_ACTIVATION));
        HassEvaluation.Run run = ctx.run();
        double tw = w.minValue(), ta = a.minValue();
        int step = 0;
        Trial cur = run.evaluate(enc.uniform(tw, ta), step);
        ctx.tracker().emit(step);
        while (!run.exhausted() && cur.complete() && withinDrop(ctx, cur)) {
            step++;
            Double nw = up(w, tw), na = hasActivation ? up(a, ta) : null;
            // both moves as one batch (a worker pool scores them at once); the τ_a move only if the budget has room
            List<Map<String, Double>> moves = new ArrayList<>();
            if (nw != null) moves.add(enc.uniform(nw, ta));
            if (na != null) moves.add(enc.uniform(tw, na));
            List<Trial> tried = run.evaluateUntilExhausted(moves, step);
            Trial byW = nw == null || tried.isEmpty() ? null : tried.get(0);
            int a0 = nw == null ? 0 : 1;
            Trial byA = na == null || tried.size() <= a0 ? null : tried.get(a0);
            int pick = choose(cur, byW, byA);
            if (pick == 0) break;
            if (pick == 1) {
                cur = byW;
                tw = nw;
            } else {
                cur = byA;
                ta = na;
            }
            ctx.tracker().emit(step);
        }
    }

    static boolean withinDrop(Context ctx, Trial t) {
        return ctx.denseAccuracy() - accuracy(t) <= ctx.maxAccuracyDrop();
    }

    /** 1 for the τ_w move, 2 for the τ_a move, 0 when neither is usable. */
    static int choose(Trial cur, Trial byW, Trial byA) {
        boolean okW = byW != null && byW.complete(), okA = byA != null && byA.complete();
        if (!okW && !okA) return 0;
        if (!okA) return 1;
        if (!okW) return 2;
        double[] cw = cost(cur, byW), ca = cost(cur, byA);
        int c = Double.compare(cw[0], ca[0]);
        if (c == 0) c = Double.compare(cw[1], ca[1]);
        return c <= 0 ? 1 : 2;
    }

    /** (accuracy loss per throughput gained — +∞ without a gain —, accuracy loss). */
    static double[] cost(Trial from, Trial to) {
        double loss = accuracy(from) - accuracy(to);
        double gain = throughput(to) - throughput(from);
        return new double[] {gain > 0 ? loss / gain : Double.POSITIVE_INFINITY, loss};
    }

    static double accuracy(Trial t) {
        Double v = t.values() == null ? null : t.values().get("accuracy");
        if (v == null) throw new IllegalStateException("greedy needs the accuracy objective");
        return v;
    }

    static double throughput(Trial t) {
        if (t.design() != null) return t.design().throughput();
        Double v = t.values() == null ? null : t.values().get("throughput");
        if (v == null) throw new IllegalStateException("greedy needs the throughput (objective or design)");
        return v;
    }

    /** The next value of a distribution above {@code v}, or null at the top. */
    static Double up(Distribution d, double v) {
        if (d instanceof Distribution.Categorical c) {
            double best = Double.NaN;
            for (int i = 0; i < c.choices().size(); i++) {
                double x = c.numeric(i);
                if (x > v && (Double.isNaN(best) || x < best)) best = x;
            }
            return Double.isNaN(best) ? null : best;
        }
        double step;
        if (d instanceof Distribution.Float f) step = f.step() != null ? f.step() : (f.high() - f.low()) * CONTINUOUS_STEP;
        else step = ((Distribution.Int) d).step();
        double hi = d.numeric(d.internal(d.geneUpper()));
        if (v >= hi || step <= 0) return null;
        double next = d.numeric(d.internal(d.gene(Math.min(hi, v + step))));
        return next > v ? next : null;
    }
}
