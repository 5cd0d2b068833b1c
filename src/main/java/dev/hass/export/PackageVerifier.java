package dev.hass.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.hardware.board.Platform;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.DesignReport;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.hardware.onnx.OnnxExport;
import dev.hass.hardware.onnx.OnnxGraph;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.stage.Widths;
import dev.hass.nn.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hass export --verify}: re-reads a package and checks that its parts agree with each other —
 * shapes of the network, the design and the vectors; histogram rows summing to 1 and their mean zero
 * fraction equal to the stated product sparsity; the exported weights' zero fraction equal to the stated
 * weight sparsity (and, without fine-tuning, exactly the weights below τ_w); the thresholded vectors
 * obeying τ_a; a plain-Java inference of model.onnx reproducing every layer's vector and the logits; at fixed
 * point, the integer reference ({@link IntegerCheck}) reproducing every integer vector bit for bit; and the DSE,
 * re-run on model.onnx with the board and options of design.json, giving design.json's design.
 */
public final class PackageVerifier {
    /** Tolerance of a float32 vector against our float64-accumulated reference, relative to the tensor's max. */
    static final double VECTOR_TOLERANCE = 1e-4;

    /** Manifest kinds that are parameters, not per-image vectors. */
    static final java.util.Set<String> PARAMETERS = java.util.Set.of("weight", "multiplier", "shift");

    private PackageVerifier() {}

    /** A Q format as manifest.json and design.json state it ({@code bits}, {@code fractionBits}). */
    static Quantizer quantizer(JsonNode f) {
        return new Quantizer(f.path("bits").asInt(), f.path("fractionBits").asInt());
    }

    public static VerifyReport verify(Path pkg) throws IOException {
        List<String> checks = new ArrayList<>(), problems = new ArrayList<>();
        for (String f : List.of("design.json", "model.onnx", "README.md", "vectors/manifest.json")) {
            if (!Files.isRegularFile(pkg.resolve(f))) problems.add(pkg.resolve(f) + ": missing");
        }
        if (!problems.isEmpty()) return new VerifyReport(checks, problems);
        JsonNode design = ExportService.JSON.readTree(pkg.resolve("design.json").toFile());
        Path onnx = pkg.resolve("model.onnx");
        ImportedNetwork imp = OnnxImport.read(onnx);
        Network net = imp.network();
        Map<String, float[]> init = OnnxExport.readInitializers(onnx);
        // a user's file names its initializers as it likes (onnx::Conv_12): read them by node as well
        init.putAll(OnnxGraph.read(onnx).initializersByNode());

        // histograms
        int convs = 0;
        for (Node n : net.nodesOf(Op.Conv.class)) {
            Op.Conv c = (Op.Conv) n.op();
            ChannelHistograms h = imp.histograms().get(n.name());
            if (h == null) { problems.add("model.onnx: conv " + n.name() + " has no " + OnnxImport.HISTOGRAM_ATTRIBUTE); continue; }
            int channels = net.inputShape(n.name()).channels(), bins = c.kernelRows() * c.kernelCols() + 1;
            if (h.channels() != channels || h.bins() != bins) {
                problems.add("model.onnx: " + n.name() + " histograms are " + h.channels() + "×" + h.bins() + ", expected " + channels + "×" + bins);
                continue;
            }
            for (int ch = 0; ch < channels; ch++) {
                double s = Arrays.stream(h.p()[ch]).sum();
                if (Math.abs(s - 1) > 1e-5) problems.add("model.onnx: " + n.name() + " histogram of channel " + ch + " sums to " + s + ", not 1");
            }
            convs++;
        }
        checks.add(convs + " conv histograms: shape C×(K²+1), every row sums to 1 (±1e-5)");

        // layers of design.json against the network and the weights
        double fineTune = design.path("accuracy").path("fineTuneSteps").asDouble();
        Quantizer data = design.has("fixedPoint") ? quantizer(design.path("fixedPoint").path("data")) : null;
        JsonNode manifest = ExportService.JSON.readTree(pkg.resolve("vectors/manifest.json").toFile());
        Map<String, Double> tauA = new LinkedHashMap<>();
        for (JsonNode l : design.path("layers")) {
            String name = l.path("name").asText();
            String where = "design.json layer " + name;
            if (!net.contains(name)) { problems.add(where + ": not a node of model.onnx"); continue; }
            TensorShape in = net.inputShape(name), out = net.outputShape(name);
            if (!shape(l.path("inputShape")).equals(in) || !shape(l.path("outputShape")).equals(out)) {
                problems.add(where + ": shapes " + l.path("inputShape") + " → " + l.path("outputShape") + " but model.onnx has " + in + " → " + out);
            }
            tauA.put(name, l.path("tauA").asDouble());
            float[] w = init.get(name + ".weight");
            if (w == null) { problems.add("model.onnx: no weights for " + name); continue; }
            double tauW = l.path("tauW").asDouble();
            if (data != null) {
                // at fixed point τ_w is checked on the integer weights (BatchNorm not folded in, as the oracle pruned
                // them): a kept weight |w| ≥ τ_w rounds to at least τ_w rounded, by monotone rounding
                float[] q = integerWeights(pkg, manifest, name, l, problems);
                if (q == null) continue;
                w = q;
                tauW = quantizer(l.path("fixedPoint").path("weight")).quantize(tauW);
            }
            long zeros = 0, below = 0, belowNonZero = 0;
            for (float v : w) {
                if (v == 0) zeros++;
                if (Math.abs(v) < tauW) { below++; if (v != 0) belowNonZero++; }
            }
            double stated = l.path("weightSparsity").asDouble(), got = (double) zeros / w.length;
            if (Math.abs(got - stated) > 0.5 / w.length) {
                problems.add(where + ": weightSparsity " + stated + " but " + zeros + "/" + w.length + " = " + got + " of the exported weights are 0");
            }
            if (fineTune == 0 && belowNonZero > 0) {
                problems.add(where + ": " + belowNonZero + " exported weights have |w| < τ_w = " + tauW + " but are not 0");
            }
            if (fineTune == 0 && tauW > 0 && Math.abs((double) below / w.length - stated) > 0.5 / w.length) {
                problems.add(where + ": τ_w = " + tauW + " selects " + below + "/" + w.length + " weights, not the stated weightSparsity " + stated);
            }
            ChannelHistograms h = imp.histograms().get(name);
            if (h != null && Math.abs(h.meanZeroFraction() - l.path("productSparsity").asDouble()) > 1e-4) {
                problems.add(where + ": productSparsity " + l.path("productSparsity").asDouble() + " but the histograms' mean zero fraction is " + h.meanZeroFraction());
            }
        }
        checks.add(design.path("layers").size() + " layers: shapes match model.onnx, zero fraction of the exported weights = weightSparsity"
                + (fineTune == 0 ? ", and exactly the weights with |w| < τ_w are 0" + (data == null ? "" : " (integer weights, τ_w rounded alike)")
                        : " (fine-tuned: masks held)")
                + ", histogram mean zero fraction = productSparsity (±1e-4)");

        vectors(pkg, net, init, tauA, data, checks, problems);
        // the integer arithmetic has no BatchNorm stage: a conv's BatchNorm is its epilogue (multiplier, shift)
        if (data != null) IntegerCheck.run(pkg, design, ExportService.foldedStructure(net), init, data, checks, problems);
        design(design, imp, checks, problems);
        return new VerifyReport(checks, problems);
    }

    /** The integer weights of {@code layer} as values (integer / 2^F), or null (a problem) when the package lacks them. */
    private static float[] integerWeights(Path pkg, JsonNode manifest, String layer, JsonNode designLayer, List<String> problems) throws IOException {
        for (JsonNode t : manifest.path("tensors")) {
            if (!t.path("kind").asText().equals("weight") || !t.path("layer").asText().equals(layer)) continue;
            Path f = pkg.resolve("vectors").resolve(t.path("file").asText());
            if (!Files.isRegularFile(f)) break;
            long[] v = Npy.readIntegers(f).values();
            double scale = quantizer(designLayer.path("fixedPoint").path("weight")).scale();
            float[] w = new float[v.length];
            for (int i = 0; i < v.length; i++) w[i] = (float) (v[i] / scale);
            return w;
        }
        problems.add("vectors/manifest.json: no integer weights (kind weight) of layer " + layer);
        return null;
    }

    /** The design without the network's name, which the importer takes from the file name (model). */
    static JsonNode withoutName(JsonNode design) {
        JsonNode c = design.deepCopy();
        if (c instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.remove("network");
        return c;
    }

    /** The path of the first value that differs, with both values (for the message). */
    static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a.isContainerNode() && b.isContainerNode() && a.getNodeType() == b.getNodeType()) {
            if (a.isArray() && a.size() != b.size()) return path + " (" + a.size() + " vs " + b.size() + " entries)";
            var names = a.isObject() ? a.fieldNames() : null;
            if (names != null) {
                while (names.hasNext()) {
                    String f = names.next();
                    if (!a.get(f).equals(b.get(f))) return firstDifference(a.get(f), b.path(f), path + "." + f);
                }
                return path + " (fields " + b.size() + " vs " + a.size() + ")";
            }
            for (int i = 0; i < a.size(); i++) if (!a.get(i).equals(b.get(i))) return firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
        }
        return path + ": recomputed " + a + " (" + a.getNodeType() + "), stated " + b + " (" + b.getNodeType() + ")";
    }

    private static TensorShape shape(JsonNode a) {
        return a.size() == 3 ? new TensorShape(a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt()) : null;
    }

    private static void vectors(Path pkg, Network net, Map<String, float[]> init, Map<String, Double> tauA, Quantizer data,
                                List<String> checks, List<String> problems) throws IOException {
        JsonNode manifest = ExportService.JSON.readTree(pkg.resolve("vectors/manifest.json").toFile());
        int n = manifest.path("images").asInt();
        Map<String, Npy.Array> byLayer = new LinkedHashMap<>();
        Npy.Array input = null, logits = null;
        for (JsonNode t : manifest.path("tensors")) {
            Path f = pkg.resolve("vectors").resolve(t.path("file").asText());
            if (!Files.isRegularFile(f)) { problems.add(f + ": listed in manifest.json but missing"); continue; }
            Npy.Array a = Npy.read(f);
            long[] want = new long[t.path("shape").size()];
            for (int i = 0; i < want.length; i++) want[i] = t.path("shape").get(i).asLong();
            if (!Arrays.equals(want, a.shape()) || !a.dtype().equals(t.path("dtype").asText())) {
                problems.add(f + ": " + a.dtype() + " " + Arrays.toString(a.shape()) + " but manifest.json says " + t.path("dtype").asText() + " " + Arrays.toString(want));
            }
            String file = t.path("file").asText();
            if (PARAMETERS.contains(t.path("kind").asText())) continue;   // weights and epilogue constants: checked by integer()
            if (a.shape().length == 0 || a.shape()[0] != n) problems.add(f + ": first dimension " + Arrays.toString(a.shape()) + " is not the " + n + " images");
            if (file.equals("input.npy")) input = a;
            else if (file.equals("logits.npy")) logits = a;
            else if (file.endsWith(".input.npy")) {
                String layer = t.path("layer").asText();
                if (!net.contains(layer)) { problems.add(f + ": layer " + layer + " is not in model.onnx"); continue; }
                long per = net.inputShape(layer).elements();
                if (a.elements() != n * per) problems.add(f + ": " + a.elements() + " values, the input of " + layer + " is " + n + "×" + per);
                double tau = tauA.getOrDefault(layer, 0.0);
                if (tau > 0) {
                    long bad = 0;
                    // at fixed point a kept x > τ_a is rounded: it is at least τ_a rounded
                    double least = data == null ? Math.nextUp(tau) : data.quantize(tau);
                    for (float v : a.values()) if (v != 0 && !(v >= least)) bad++;
                    if (bad > 0) problems.add(f + ": " + bad + " values are neither 0 nor > τ_a = " + tau);
                }
                byLayer.put(layer, a);
            }
        }
        if (input == null || logits == null) { problems.add("vectors/manifest.json: needs input.npy and logits.npy"); return; }
        checks.add(manifest.path("tensors").size() + " files in manifest.json: shapes and dtypes as listed, the vectors' as in model.onnx; "
                + "thresholded inputs are 0 or > τ_a");
        // at fixed point the float vectors are the oracle's rounded values: the float inference is rounded alike, and
        // float32 rounding inside libtorch may put a value one LSB away
        Quantizer grid = data;
        double lsb = grid == null ? 0 : 1 / grid.scale();

        // the plain-Java inference of model.onnx, fed at each prunable layer with the recorded vector
        ReferenceForward ref = new ReferenceForward(net, init);
        int px = (int) net.input().elements(), classes = (int) net.outputShape().elements();
        double[] worst = new double[1];
        String[] worstWhere = {"-"};
        for (int img = 0; img < n; img++) {
            final int i = img;
            float[] image = Arrays.copyOfRange(input.values(), i * px, (i + 1) * px);
            Map<String, float[]> out;
            try {
                out = ref.run(image, (layer, x) -> {
                    Npy.Array rec = byLayer.get(layer);
                    if (rec == null) return x;
                    int per = x.length;
                    float[] got = Arrays.copyOfRange(rec.values(), i * per, (i + 1) * per);
                    double tau = tauA.getOrDefault(layer, 0.0);
                    float[] want = x.clone();
                    if (tau > 0) for (int k = 0; k < want.length; k++) if (!(want[k] > tau)) want[k] = 0;
                    if (grid != null) for (int k = 0; k < want.length; k++) want[k] = (float) grid.quantize(want[k]);
                    compare(layer + " input, image " + i, want, got, worst, worstWhere, problems, tau, lsb);
                    return got;   // continue from the recorded vector: errors do not accumulate
                });
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return;
            }
            float[] want = out.get(net.output().name());
            compare("logits, image " + i, want, Arrays.copyOfRange(logits.values(), i * classes, (i + 1) * classes), worst, worstWhere, problems, 0, 0);
        }
        checks.add(String.format(Locale.ROOT, "plain-Java float inference of model.onnx reproduces every layer's input vector and the logits of %d images "
                + "(largest difference %.3g of the tensor's range, at %s; tolerance %.0e%s)", n, worst[0], worstWhere[0], VECTOR_TOLERANCE,
                grid == null ? "" : " or one LSB of " + grid));
    }

    /**
     * Relative to the tensor's largest magnitude (or within {@code lsb}); an entry within the tolerance of τ_a may fall
     * either side of it.
     */
    private static void compare(String what, float[] want, float[] got, double[] worst, String[] worstWhere, List<String> problems,
                                double tau, double lsb) {
        if (want.length != got.length) { problems.add(what + ": " + got.length + " values, expected " + want.length); return; }
        double scale = 1e-6;
        for (float v : want) scale = Math.max(scale, Math.abs(v));
        long bad = 0;
        double max = 0;
        for (int k = 0; k < want.length; k++) {
            double d = Math.abs(want[k] - got[k]) / scale;
            if (d > VECTOR_TOLERANCE && Math.abs(want[k] - got[k]) > lsb * (1 + 1e-6)) {
                boolean atThreshold = tau > 0 && (want[k] == 0 || got[k] == 0) && Math.abs(Math.max(want[k], got[k]) - tau) <= Math.max(VECTOR_TOLERANCE * scale, lsb);
                if (!atThreshold) bad++;
                continue;
            }
            max = Math.max(max, Math.min(d, VECTOR_TOLERANCE));
        }
        if (max > worst[0]) { worst[0] = max; worstWhere[0] = what; }
        if (bad > 0) {
            problems.add(what + ": " + bad + " of " + want.length + " values differ from the inference of model.onnx by more than " + VECTOR_TOLERANCE
                    + " of the range" + (lsb > 0 ? " and one LSB" : ""));
        }
    }

    private static void design(JsonNode design, ImportedNetwork imp, List<String> checks, List<String> problems) throws IOException {
        JsonNode p = design.path("platform");
        Platform board = new Platform(p.path("name").asText(), p.path("part").asText(), p.path("dsp").asLong(), p.path("bram18").asLong(),
                p.path("uram").asLong(), p.path("lut").asLong(), p.path("ff").asLong(), p.path("frequencyMhz").asDouble(), p.path("dramGbps").asDouble());
        JsonNode w = design.path("widths");
        HardwareOptions o = new HardwareOptions(design.path("batch").asInt(),
                new Widths(w.path("data").asInt(), w.path("weight").asInt(), w.path("acc").asInt()), design.path("resourceFraction").asDouble());
        Design d = Dse.optimise(imp.network(), imp.histograms(), board, o);
        JsonNode again = withoutName(ExportService.JSON.readTree(DesignReport.json(d)));
        JsonNode stated = withoutName(design.path("design"));
        if (!again.equals(stated)) {
            problems.add("design.json: the DSE on model.onnx with the board and options of design.json gives interval " + d.intervalCycles()
                    + " cycles, " + String.format(Locale.ROOT, "%.2f", d.throughput()) + " img/s, " + d.resources()
                    + "; design.json differs at " + firstDifference(again, stated, "design"));
        } else {
            checks.add(String.format(Locale.ROOT, "the DSE re-run on model.onnx gives design.json's design (interval %d cycles, %.1f img/s, %d stages)",
                    d.intervalCycles(), d.throughput(), d.stages().size()));
        }
    }
}
