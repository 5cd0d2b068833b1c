package dev.hass.search;

import dev.hass.experiment.Algorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random search: genes uniform in their ranges (log distributions in log space), snapped, seeded. */
public final class RandomStrategy implements Strategy {
    @Override public String name() { return Algorithm.RANDOM.id(); }

    @Override
    public void run(Context ctx) {
        Random r = new Random(ctx.seed());
        double[] lo = ctx.encoding().lower(), hi = ctx.encoding().upper();
        HassEvaluation.Run run = ctx.run();
        int step = 0, pop = ctx.populationSize(), limit = STALL_FACTOR * Math.max(1, run.budget());
        // one batch per step of pop draws (what a worker pool scores at once); the same trials as one at a time
        while (!run.exhausted() && run.requests() < limit) {
            List<Map<String, Double>> chunk = new ArrayList<>();
            for (int j = step; j < (step / pop + 1) * pop && chunk.size() < limit - run.requests(); j++) {
                double[] g = new double[lo.length];
                for (int i = 0; i < g.length; i++) g[i] = lo[i] + r.nextDouble() * (hi[i] - lo[i]);
                chunk.add(ctx.encoding().decode(g));
            }
            step += run.evaluateUntilExhausted(chunk, step / pop).size();
            if (step % pop == 0 || run.exhausted()) ctx.tracker().emit((step - 1) / pop);
        }
    }
}
