package dev.hass.search;

import dev.hass.experiment.Algorithm;
import dev.hass.space.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The uniform baseline: one (τ_w, τ_a) pair for every layer, swept over the network-wide ranges along a
 * 2-D Halton sequence (bases 2 and 3; point 0 is (low, low)), so any budget covers the square evenly.
 * Each pair is snapped into every layer's distribution.
 */
public final class UniformStrategy implements Strategy {
    @Override public String name() { return Algorithm.UNIFORM.id(); }

    @Override
    public void run(Context ctx) {
        Distribution w = ctx.space().weightThreshold(), a = ctx.space().activationThreshold();
        HassEvaluation.Run run = ctx.run();
        int pop = ctx.populationSize();
        int limit = STALL_FACTOR * Math.max(1, run.budget());
        // one batch per step of pop points (what a worker pool scores at once); the same trials as one at a time
        for (int i = 0; !run.exhausted() && run.requests() < limit; ) {
            List<Map<String, Double>> chunk = new ArrayList<>();
            for (int j = i; j < (i / pop + 1) * pop && chunk.size() < limit - run.requests(); j++) {
                chunk.add(ctx.encoding().uniform(at(w, halton(j, 2)), at(a, halton(j, 3))));
            }
            int done = run.evaluateUntilExhausted(chunk, i / pop).size();
            i += done;
            if (i % pop == 0 || run.exhausted()) ctx.tracker().emit((i - 1) / pop);
        }
    }

    /** The external value at fraction u of a distribution's gene range, snapped. */
    static double at(Distribution d, double u) {
        return d.numeric(d.internal(d.geneLower() + u * (d.geneUpper() - d.geneLower())));
    }

    /** Radical inverse of i in base b: 0, 1/2, 1/4, 3/4, ... */
    static double halton(int i, int b) {
        double f = 1, r = 0;
        for (int n = i; n > 0; n /= b) {
            f /= b;
            r += f * (n % b);
        }
        return r;
    }
}
