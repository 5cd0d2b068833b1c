package dev.hass.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hass.experiment.Architectures;
import dev.hass.experiment.Experiment;
import dev.hass.nn.TrainingProgress;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.report.Charts;
import dev.hass.search.SearchService;
import dev.hass.search.Sensitivity;
import dev.hass.space.Encoding;
import dev.hass.study.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code hass sensitivity}: the scan with the DJL oracle (training the checkpoint first when missing), its charts and suggested space. */
public final class SensitivityApp {
    private SensitivityApp() {}

    /** The suggested space's file in the results folder. */
    public static final String SUGGESTED_SPACE = "space-suggested.json";

    /** A finished scan and whether it came from the results folder's cache. */
    public record Outcome(Sensitivity.Result result, boolean cached) {}

    public static Outcome run(Experiment e, int points, double tolerance, boolean force, Consumer<String> say, TrainingProgress training,
                              Sensitivity.Listener listener) throws Exception {
        // the scan's layers and suggested space come from the built-in zoo; an ONNX model is refused by name (exit 2)
        ExperimentConfigs.requireBuiltIn(e);
        SearchApp.ensureCheckpoint(e, say, training);
        Path checkpoint = ExperimentConfigs.checkpoint(e);
        var scan = SearchService.sensitivity(e, () -> DjlAccuracyOracle.open(ExperimentConfigs.oracle(e)), checkpoint, points, tolerance,
                force, listener);
        Sensitivity.Result r = scan.getKey();
        writeCharts(e, r);
        Encoding enc = e.space().encoding(Architectures.spaceLayers(e.model().architecture()));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(e.outputDir().resolve(SUGGESTED_SPACE), json.writeValueAsString(Sensitivity.suggestedSpace(e.space(), enc, r)) + "\n");
        return new Outcome(r, scan.getValue());
    }

    /** Accuracy vs threshold, one line per layer from the dense model on, weights and activations apart. */
    static void writeCharts(Experiment e, Sensitivity.Result r) throws IOException {
        for (String kind : List.of(Encoding.WEIGHT_PREFIX, Encoding.ACTIVATION_PREFIX)) {
            Map<String, double[][]> curves = new LinkedHashMap<>();
            for (Sensitivity.Curve c : r.curves()) {
                if (!c.param().startsWith(kind)) continue;
                List<double[]> pts = new ArrayList<>();
                pts.add(new double[] {0, r.denseAccuracy()});
                c.points().forEach(p -> pts.add(new double[] {p.value(), p.accuracy()}));
                curves.put(c.param().substring(kind.length()), pts.toArray(double[][]::new));
            }
            if (curves.isEmpty()) continue;
            boolean w = kind.equals(Encoding.WEIGHT_PREFIX);
            Charts.curves(e.outputDir(), w ? "sensitivity-weights" : "sensitivity-activations",
                    (w ? "Weight" : "Activation") + " threshold sensitivity: " + e.name(),
                    w ? "τ_w (|w| below is pruned)" : "τ_a (activations below are zeroed)", "validation accuracy", curves,
                    r.denseAccuracy() - r.tolerance() * r.maxAccuracyDrop(), "dense − allowed drop");
        }
    }

    /** What {@code hass sensitivity} prints: the header, one line per threshold, the files. */
    public static List<String> lines(Experiment e, Outcome o) {
        Sensitivity.Result r = o.result();
        List<String> out = new ArrayList<>();
        out.add(String.format("sensitivity %s: dense accuracy %.4f, %d grid points per threshold, floor %.4f (dense − %.2g × %.2g)%s",
                e.name(), r.denseAccuracy(), r.points(), r.denseAccuracy() - r.tolerance() * r.maxAccuracyDrop(), r.tolerance(),
                r.maxAccuracyDrop(), o.cached() ? " [cached]" : String.format(", %d evaluations in %.0f s", r.evaluations(), r.seconds())));
        for (Sensitivity.Curve c : r.curves()) {
            StringBuilder b = new StringBuilder(String.format("  %-24s", c.param()));
            for (Sensitivity.Point p : c.points()) b.append(String.format(" %6.3g:%.3f", p.value(), p.accuracy()));
            out.add(b.append(String.format("  → up to %.4g", c.suggestedHigh())).toString());
        }
        out.add("  written: " + e.outputDir().resolve(SearchService.SENSITIVITY) + ", sensitivity-*.png/.svg, "
                + e.outputDir().resolve(SUGGESTED_SPACE));
        return out;
    }
}
