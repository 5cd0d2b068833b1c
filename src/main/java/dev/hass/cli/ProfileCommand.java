package dev.hass.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.app.ExperimentConfigs;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.LayerSparsity;
import dev.hass.oracle.OracleResult;
import dev.hass.oracle.PrunableLayer;
import dev.hass.oracle.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code hass profile EXPERIMENT.json}: per-layer sparsity and window histograms of the trained model. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        header = "Per-layer sparsity and window histograms of the trained model.",
        description = {"Per prunable layer of the trained model: weight sparsity, input-activation sparsity, product",
                "sparsity (= mean window zero-product fraction for conv) and the window histogram C x (K²+1),",
                "measured on the calibration split with the given thresholds applied (none = dense);",
                "accuracy on oracle.evaluationImages images of the validation split."})
public final class ProfileCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.json", description = "The experiment file.")
    Path experiment;

    @Option(names = "--thresholds", paramLabel = "FILE", description = {
            "JSON thresholds: {\"weight\": {\"conv1\": 0.01, ...}, \"activation\": {\"conv2\": 0.1, ...}}",
            "or flat {\"tw.conv1\": 0.01, \"ta.conv2\": 0.1}; missing layers = 0."})
    Path thresholds;

    @Option(names = "--json", description = "Print JSON (with the full histograms) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Experiment e = Experiments.load(experiment);
        Thresholds t = thresholds == null ? Thresholds.none() : readThresholds(thresholds);
        OracleResult r;
        double dense;
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(ExperimentConfigs.oracle(e))) {
            try {
                r = oracle.evaluate(t, new Fidelity(0, e.oracle().evaluationImages(), 0, e.oracle().histogramImages()));
            } catch (IllegalArgumentException ex) {
                throw new UsageException((thresholds != null ? thresholds + ": " : "") + ex.getMessage());
            }
            dense = oracle.denseAccuracy();
            PrintWriter out = spec.commandLine().getOut();
            if (json) out.println(JSON.writeValueAsString(toJson(e, oracle, t, r, dense)));
            else printTable(out, oracle, r, dense);
            out.flush();
        }
        return 0;
    }

    static Thresholds readThresholds(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException ex) {
            throw new UsageException(file + ": not readable JSON: " + ex.getMessage());
        }
        if (root == null || !root.isObject()) throw new UsageException(file + ": expected a JSON object of thresholds");
        Map<String, Double> w = new LinkedHashMap<>(), a = new LinkedHashMap<>();
        if (root.has("weight") || root.has("activation")) {
            for (String key : new String[]{"weight", "activation"}) {
                JsonNode n = root.get(key);
                if (n == null) continue;
                if (!n.isObject()) throw new UsageException(file + ": $." + key + " must be an object layer -> threshold");
                read(file, "$." + key, n, key.equals("weight") ? w : a);
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                var f = it.next();
                String k = f.getKey();
                Map<String, Double> target = k.startsWith("tw.") ? w : k.startsWith("ta.") ? a : null;
                if (target == null) {
                    throw new UsageException(file + ": $." + k + ": keys must be tw.<layer> or ta.<layer> (or use {\"weight\":{}, \"activation\":{}})");
                }
                target.put(k.substring(3), number(file, "$." + k, f.getValue()));
            }
        }
        return new Thresholds(w, a);
    }

    private static void read(Path file, String path, JsonNode obj, Map<String, Double> into) {
        obj.fields().forEachRemaining(f -> into.put(f.getKey(), number(file, path + "." + f.getKey(), f.getValue())));
    }

    private static double number(Path file, String path, JsonNode n) {
        if (!n.isNumber() || n.asDouble() < 0) {
            throw new UsageException(file + ": " + path + " = " + n + ": must be a number >= 0");
        }
        return n.asDouble();
    }

    private static ObjectNode toJson(Experiment e, DjlAccuracyOracle oracle, Thresholds t, OracleResult r, double dense) {
        ObjectNode root = JSON.createObjectNode();
        root.put("architecture", oracle.architecture());
        root.put("checkpoint", ExperimentConfigs.checkpoint(e).toString());
        root.put("calibrationImages", e.dataset().calibrationImages());
        root.put("validationImages", e.dataset().validationImages());
        root.put("accuracy", r.accuracy());
        root.put("denseAccuracy", dense);
        root.set("thresholds", JSON.valueToTree(t));
        ObjectNode layers = root.putObject("layers");
        for (PrunableLayer l : oracle.layers()) {
            LayerSparsity s = r.layers().get(l.name());
            ObjectNode n = layers.putObject(l.name());
            n.put("kind", l.kind().name());
            n.put("inChannels", l.inChannels());
            n.put("outChannels", l.outChannels());
            n.put("kernel", l.kernel());
            n.put("groups", l.groups());
            n.put("weightSparsity", s.weightSparsity());
            n.put("activationSparsity", s.activationSparsity());
            n.put("productSparsity", s.productSparsity());
            if (s.histogram() != null) n.set("histogram", JSON.valueToTree(s.histogram()));
        }
        return root;
    }

    private static void printTable(PrintWriter out, DjlAccuracyOracle oracle, OracleResult r, double dense) {
        out.printf("%s: accuracy %.4f (dense %.4f) on the validation split%n", oracle.architecture(), r.accuracy(), dense);
        out.printf("%-16s %-6s %9s %9s %9s %9s  %s%n", "layer", "kind", "C→F", "weights0", "acts0", "products0", "all-zero windows (bin K², mean over C)");
        for (PrunableLayer l : oracle.layers()) {
            LayerSparsity s = r.layers().get(l.name());
            String allZero = "";
            if (s.histogram() != null) {
                double m = 0;
                for (double[] row : s.histogram()) m += row[row.length - 1];
                allZero = String.format("%.4f", m / s.histogram().length);
            }
            out.printf("%-16s %-6s %9s %9.4f %9.4f %9.4f  %s%n", l.name(), l.kind().name().toLowerCase(),
                    l.inChannels() + "→" + l.outChannels(), s.weightSparsity(), s.activationSparsity(), s.productSparsity(), allZero);
        }
    }
}
