package dev.hass.search;

import dev.hass.hardware.board.Platform;
import dev.hass.hardware.board.Resources;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.Network;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.LayerSparsity;
import dev.hass.oracle.OracleResult;
import dev.hass.oracle.Thresholds;
import dev.hass.space.Encoding;
import dev.hass.study.Trial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HASS score of a candidate (co-design): the accuracy oracle applies the thresholds and measures
 * accuracy and the window histograms, then the DSE re-optimises the accelerator on those histograms.
 * Constraints, Optuna's convention (≤ 0 satisfied): {@code accuracyDrop} = dense − accuracy − allowed drop,
 * with the dense accuracy measured at the same fidelity; {@code resources} = max over resources of
 * used ÷ (board × resource fraction) − 1.
 */
public final class HassScorer implements Scorer {
    /** The metric of the held-out test accuracy, present only when the fidelity asks for test images. */
    public static final String TEST_ACCURACY = "testAccuracy";
    private final AccuracyOracle oracle;
    private final Encoding encoding;
    private final Network network;
    private final Platform platform;
    private final HardwareOptions options;
    private Fidelity fidelity;
    private final double maxAccuracyDrop;
    private final double denseAccuracy;
    private final Map<String, Long> denseCycles = new HashMap<>();

    public HassScorer(AccuracyOracle oracle, Encoding encoding, Network network, Platform platform,
                      HardwareOptions options, Fidelity fidelity, double maxAccuracyDrop) {
        this.oracle = oracle;
        this.encoding = encoding;
        this.network = network;
        this.platform = platform;
        this.options = options;
        this.fidelity = fidelity;
        this.maxAccuracyDrop = maxAccuracyDrop;
        this.denseAccuracy = oracle.evaluate(Thresholds.none(), fidelity).accuracy();
        // per-stage cycles of the design without any zero skipping: what sparsity is measured against
        for (Design.StageDesign s : Dse.optimise(network, Map.of(), platform, options).stages()) {
            denseCycles.put(s.name(), s.metrics().latency());
        }
    }

    /**
     * The same scorer at another fidelity (finalists: longer fine-tuning, and test images for the final
     * numbers), against the same dense accuracy so that the accuracy constraint means the same thing.
     */
    public Scorer atFidelity(Fidelity f) {
        return params -> {
            Fidelity search = fidelity;
            fidelity = f;
            try {
                return score(params);
            } finally {
                fidelity = search;
            }
        };
    }

    /** The chromosome this scorer decodes. */
    public Encoding encoding() { return encoding; }

    /** Accuracy of the dense model at the search's fidelity: the reference of the accuracy constraint. */
    public double denseAccuracy() { return denseAccuracy; }

    @Override
    public Score score(Map<String, Double> params) {
        Thresholds th = new Thresholds(encoding.weightThresholds(params), encoding.activationThresholds(params));
        long t0 = System.nanoTime();
        OracleResult r = oracle.evaluate(th, fidelity);
        double oracleSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, ChannelHistograms> hist = new LinkedHashMap<>();
        for (Map.Entry<String, LayerSparsity> e : r.layers().entrySet()) {
            if (e.getValue().histogram() != null) hist.put(e.getKey(), new ChannelHistograms(e.getValue().histogram()));
        }
        long t1 = System.nanoTime();
        Design d = Dse.optimise(network, hist, platform, options);
        double dseSeconds = (System.nanoTime() - t1) / 1e9;

        Resources used = d.resources(), limit = platform.limits();
        double f = options.resourceFraction();
        double worst = Math.max(Math.max(ratio(used.dsp(), limit.dsp(), f), ratio(used.bram(), limit.bram(), f)),
                Math.max(Math.max(ratio(used.lut(), limit.lut(), f), ratio(used.ff(), limit.ff(), f)), ratio(used.uram(), limit.uram(), f)));
        double resources = worst - 1;
        if (!d.feasible() && resources <= 0) resources = 1e-9; // the DSE knows of a violation we do not measure
        Map<String, Double> constraints = new LinkedHashMap<>();
        constraints.put("accuracyDrop", denseAccuracy - r.accuracy() - maxAccuracyDrop);
        constraints.put("resources", resources);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", r.accuracy());
        metrics.put("throughput", d.throughput());
        metrics.put("latency", d.latencySeconds());
        metrics.put("dsp", (double) used.dsp());
        if (r.testAccuracy() != null) metrics.put(TEST_ACCURACY, r.testAccuracy()); // finalists only: never an objective

        String bottleneck = d.bottleneck().name();
        Map<String, Design.StageDesign> stages = new HashMap<>();
        for (Design.StageDesign s : d.stages()) stages.put(s.name(), s);
        List<Trial.LayerStats> layers = new ArrayList<>();
        for (Map.Entry<String, LayerSparsity> e : r.layers().entrySet()) {
            LayerSparsity ls = e.getValue();
            Design.StageDesign s = stages.get(e.getKey());
            layers.add(new Trial.LayerStats(e.getKey(), ls.weightSparsity(), ls.activationSparsity(), ls.productSparsity(),
                    s == null ? 0 : s.metrics().latency(), denseCycles.getOrDefault(e.getKey(), 0L),
                    s == null ? 0 : s.metrics().resources().dsp(), e.getKey().equals(bottleneck)));
        }
        Trial.DesignSummary summary = new Trial.DesignSummary(platform.name(), d.throughput(), d.latencySeconds(),
                d.intervalCycles(), used.dsp(), used.bram(), used.lut(), used.ff(), used.uram(),
                frac(used.dsp(), limit.dsp()), frac(used.bram(), limit.bram()), frac(used.lut(), limit.lut()),
                frac(used.ff(), limit.ff()), bottleneck, d.boundRatio(), d.feasible());
        return new Score(metrics, constraints, layers, summary, oracleSeconds, dseSeconds, null);
    }

    private static double ratio(long used, long limit, double fraction) {
        if (limit <= 0) return used > 0 ? 1e9 : 0;   // finite: the log is JSON
        return used / (limit * fraction);
    }

    private static double frac(long used, long limit) { return limit <= 0 ? 0 : (double) used / limit; }
}
