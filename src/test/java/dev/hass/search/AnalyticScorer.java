package dev.hass.search;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.space.Encoding;
import dev.hass.space.SpaceLayer;
import dev.hass.study.Trial;
import java.util.List;
import java.util.Map;

/**
 * A plain test function, NOT an accuracy oracle: it maps thresholds to made-up accuracy and throughput
 * with the shape of the real trade-off (per-layer sparsity speeds up the bottleneck stage, costs accuracy),
 * so that the search machinery (budget, cache, replay, resume, directions, constraints) can be tested on
 * its own, fast and deterministically. The end-to-end tests use the real oracle and DSE.
 */
public final class AnalyticScorer implements Scorer {
    static final double DENSE_ACCURACY = 0.9;

    private final Encoding encoding;
    private final double maxDrop;
    private final long sleepMillis;
    int calls;

    AnalyticScorer(Encoding encoding, double maxDrop, long sleepMillis) {
        this.encoding = encoding;
        this.maxDrop = maxDrop;
        this.sleepMillis = sleepMillis;
    }

    @Override
    public Score score(Map<String, Double> params) throws Exception {
        calls++;
        if (sleepMillis > 0) Thread.sleep(sleepMillis);
        Map<String, Double> tw = encoding.weightThresholds(params), ta = encoding.activationThresholds(params);
        List<SpaceLayer> layers = encoding.layers();
        double worst = 0, loss = 0;
        for (int i = 0; i < layers.size(); i++) {
            String l = layers.get(i).name();
            double s = Math.min(1, 0.5 * tw.get(l) / 0.3 + 0.5 * ta.getOrDefault(l, 0.0) / 1.5);
            double work = (layers.size() - i) * (1 - 0.8 * s);   // early layers carry more work
            worst = Math.max(worst, work);
            loss += 0.3 * s * s / (i + 1);                    // early layers are more sensitive
        }
        double accuracy = DENSE_ACCURACY - loss;
        double throughput = 1000.0 / worst;
        if (params.getOrDefault("tw.fc3", 0.0) == 0.299) throw new IllegalStateException("a failing candidate (test)");
        Trial.DesignSummary d = new Trial.DesignSummary("test", throughput, 1 / throughput, (long) (worst * 1000),
                100, 10, 1000, 1000, 0, 0.1, 0.1, 0.1, 0.1, "conv1", 1.0, true);
        return new Score(Map.of("accuracy", accuracy, "throughput", throughput, "latency", 1 / throughput, "dsp", 100.0),
                Map.of("accuracyDrop", DENSE_ACCURACY - accuracy - maxDrop, "resources", -0.5),
                null, d, 0.0, 0.0, null);
    }

    public static Experiment experiment(String outDir, String algorithm, int evaluations, long seed) {
        return experiment(outDir, algorithm, evaluations, seed, Map.of());
    }

    /** @param overrides dotted paths to values, e.g. {@code search.warmStart} → 0 */
    static Experiment experiment(String outDir, String algorithm, int evaluations, long seed, Map<String, Object> overrides) {
        String json = "{\"name\":\"analytic\",\"model\":{\"architecture\":\"lenet5\"},"
                + "\"search\":{\"algorithm\":\"" + algorithm + "\",\"populationSize\":8,\"evaluations\":" + evaluations
                + ",\"seed\":" + seed + "},\"output\":\"" + outDir + "\"}";
        return Experiments.parse(json, "analytic.json", overrides);
    }

    /** The analytic scorer of an experiment (what {@link #runner} scores with; the worker tests score with it too). */
    public static Scorer scorer(Experiment e, long sleepMillis) {
        Encoding enc = e.space().encoding(dev.hass.experiment.Architectures.spaceLayers(e.model().architecture()));
        return new AnalyticScorer(enc, e.constraints().maxAccuracyDrop(), sleepMillis);
    }

    public static SearchRunner runner(Experiment e, long sleepMillis) {
        Encoding enc = e.space().encoding(dev.hass.experiment.Architectures.spaceLayers(e.model().architecture()));
        return new SearchRunner(e, enc, new AnalyticScorer(enc, e.constraints().maxAccuracyDrop(), sleepMillis));
    }

    /**
     * Child process of the kill and lock tests: {@code outDir algorithm evaluations seed sleepMillis}. Exits 2 with
     * the message when the results folder refuses the run, as the CLI does.
     */
    public static void main(String[] args) throws Exception {
        Experiment e = experiment(args[0], args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
        try {
            runner(e, Long.parseLong(args[4])).run();
        } catch (ResultsFolderException x) {
            System.err.println("hass: " + x.getMessage());
            System.exit(2);
        }
    }
}
