package dev.hass.reproduce;

import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.oracle.AccuracyOracle;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.LayerSparsity;
import dev.hass.oracle.OracleConfig;
import dev.hass.oracle.OracleResult;
import dev.hass.oracle.PrunableLayer;
import dev.hass.oracle.Thresholds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Table 1: accuracy under one global weight threshold τ_w (and one global activation threshold τ_a) on
 * every prunable layer, with the weight, activation and product sparsity it yields — the shape of the
 * fpgaconvnet-torch ResNet-18 table. One-shot (no fine-tuning), via the accuracy oracle.
 */
public final class AccuracyTable {
    private AccuracyTable() {}

    public static final String ID = "table1-global-threshold";

    /** One model's oracle and where it came from. */
    public record Model(String architecture, OracleConfig oracle, int evaluationImages, int histogramImages, String experimentFile) {}

    public static Table build(List<Model> models, List<Double> weightThresholds, List<Double> activationThresholds,
                              Consumer<String> progress) {
        List<List<String>> rows = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Model m : models) {
            Network network = Networks.builtIn(m.architecture());
            long t0 = System.nanoTime();
            try (AccuracyOracle oracle = DjlAccuracyOracle.open(m.oracle())) {
                double dense = oracle.denseAccuracy();
                Fidelity fid = new Fidelity(0, m.evaluationImages(), 0, m.histogramImages());
                double base = Double.NaN;
                for (double ta : activationThresholds) {
                    for (double tw : weightThresholds) {
                        Map<String, Double> w = new LinkedHashMap<>(), a = new LinkedHashMap<>();
                        for (PrunableLayer l : oracle.layers()) {
                            w.put(l.name(), tw);
                            if (l.hasActivationThreshold()) a.put(l.name(), ta);
                        }
                        OracleResult r = oracle.evaluate(new Thresholds(w, a), fid);
                        if (tw == 0 && ta == 0) base = r.accuracy();
                        rows.add(List.of(m.architecture(), Fmt.f(tw, 3), Fmt.f(ta, 2), Fmt.f(100 * r.accuracy(), 2),
                                Double.isNaN(base) ? "-" : Fmt.f(100 * (r.accuracy() - base), 2),
                                Fmt.f(100 * weighted(network, r, LayerSparsity::weightSparsity), 1),
                                Fmt.f(100 * weighted(network, r, LayerSparsity::activationSparsity), 1),
                                Fmt.f(100 * weighted(network, r, LayerSparsity::productSparsity), 1)));
                    }
                }
                sources.add(m.architecture() + ": " + m.experimentFile() + " (checkpoint " + m.oracle().checkpoint()
                        + ", dense accuracy on the validation subset " + Fmt.f(100 * dense, 2) + " %)");
            }
            progress.accept(String.format("table 1: %s done in %.1f s", m.architecture(), (System.nanoTime() - t0) / 1e9));
        }
        List<String> notes = new ArrayList<>();
        notes.add("One global τ_w on every prunable layer's weights (|w| < τ_w → 0) and one global τ_a on every thresholded "
                + "ReLU; one-shot, no fine-tuning. Accuracy: top-1 on the first " + models.stream().map(Model::evaluationImages)
                .distinct().map(String::valueOf).reduce((x, y) -> x + "/" + y).orElse("?")
                + " images of the fixed Fashion-MNIST validation subset.");
        notes.add("Sparsities are MAC-weighted means over the prunable layers, measured on the calibration subset; "
                + "product sparsity = zero activation×weight products" + models.stream().map(Model::histogramImages).distinct()
                .map(n -> n == 0 ? "" : " (first " + n + " images)").reduce((x, y) -> x + "/" + y).orElse("") + ".");
        notes.addAll(sources);
        return new Table(ID, "Table 1: accuracy vs one global threshold (Fashion-MNIST zoo)",
                List.of("model", "τ_w", "τ_a", "accuracy (%)", "Δ vs τ=0 (points)", "weight sparsity (%)",
                        "activation sparsity (%)", "product sparsity (%)"),
                rows, notes);
    }

    /** MAC-weighted mean over the layers the network knows; plain mean if it knows none of them. */
    static double weighted(Network n, OracleResult r, java.util.function.ToDoubleFunction<LayerSparsity> f) {
        double num = 0, den = 0, plain = 0;
        for (Map.Entry<String, LayerSparsity> e : r.layers().entrySet()) {
            double v = f.applyAsDouble(e.getValue());
            plain += v;
            if (n.contains(e.getKey())) {
                double macs = n.macs(e.getKey());
                num += macs * v;
                den += macs;
            }
        }
        return den > 0 ? num / den : plain / Math.max(1, r.layers().size());
    }
}
