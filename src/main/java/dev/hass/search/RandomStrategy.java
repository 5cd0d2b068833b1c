package dev.hass.search;

import dev.hass.experiment.Algorithm;
import java.util.Random;

/** Random search: genes uniform in their ranges (log distributions in log space), snapped, seeded. */
public final class RandomStrategy implements Strategy {
    @Override public String name() { return Algorithm.RANDOM.id(); }

    @Override
    public void run(Context ctx) {
        Random r = new Random(ctx.seed());
        double[] lo = ctx.encoding().lower(), hi = ctx.encoding().upper();
        HassEvaluation.Run run = ctx.run();
        int step = 0;
        while (!run.exhausted() && run.requests() < STALL_FACTOR * Math.max(1, run.budget())) {
            double[] g = new double[lo.length];
            for (int i = 0; i < g.length; i++) g[i] = lo[i] + r.nextDouble() * (hi[i] - lo[i]);
            run.evaluate(ctx.encoding().decode(g), step / ctx.populationSize());
            step++;
            if (step % ctx.populationSize() == 0 || run.exhausted()) ctx.tracker().emit((step - 1) / ctx.populationSize());
        }
    }
}
