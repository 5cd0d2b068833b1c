package dev.hass.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.nn.Quantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bit-exact half of {@code --verify}: reads the integer weights, multipliers and shifts of the package, runs
 * {@link IntegerForward} (plain Java, integers only) on the images of input.npy rounded to the data format,
 * and requires every exported integer layer input and the integer logits to be reproduced exactly (each layer is
 * fed the exported vector, so a difference is reported where it starts, naming the layers that computed it);
 * and the integer logits to pick the same class as the oracle's logits (logits.npy) on every image.
 */
final class IntegerCheck {
    private IntegerCheck() {}

    static void run(Path pkg, JsonNode design, Network net, Map<String, float[]> init, Quantizer data,
                    List<String> checks, List<String> problems) throws IOException {
        Path dir = pkg.resolve("vectors");
        JsonNode manifest = ExportService.JSON.readTree(dir.resolve("manifest.json").toFile());
        Map<String, Map<String, JsonNode>> byLayer = new LinkedHashMap<>();   // layer -> kind -> manifest entry
        JsonNode logitsEntry = null;
        for (JsonNode t : manifest.path("tensors")) {
            String kind = t.path("kind").asText();
            if (kind.equals("logits")) logitsEntry = t;
            else if (!kind.isEmpty()) byLayer.computeIfAbsent(t.path("layer").asText(), k -> new LinkedHashMap<>()).put(kind, t);
        }
        if (!quantizer(manifest.path("fixedPoint").path("data"), data)) {
            problems.add("vectors/manifest.json: fixedPoint.data " + manifest.path("fixedPoint").path("data") + " is not design.json's " + data);
        }
        int before = problems.size();
        Map<String, IntegerLayer> layers = new LinkedHashMap<>();
        Map<String, int[]> vectors = new LinkedHashMap<>();
        for (JsonNode l : design.path("layers")) {
            String name = l.path("name").asText();
            IntegerLayer p = layer(dir, name, l, byLayer.getOrDefault(name, Map.of()), init.get(name + ".weight"), problems);
            if (p != null) layers.put(name, p);
            JsonNode a = byLayer.getOrDefault(name, Map.of()).get("activation");
            if (a == null) { problems.add("vectors/manifest.json: no integer input vector (kind activation) of layer " + name); continue; }
            vectors.put(name, ints(dir, a, data, problems));
        }
        if (logitsEntry == null) { problems.add("vectors/manifest.json: no integer logits (kind logits)"); return; }
        int[] logits = ints(dir, logitsEntry, data, problems);
        if (problems.size() > before) return;
        oracleAgreement(dir, vectors, data, checks, problems);

        IntegerForward f;
        try {
            f = new IntegerForward(net, data, layers);
        } catch (IllegalArgumentException e) {
            problems.add("model.onnx: " + e.getMessage());
            return;
        }
        Npy.Array input = Npy.read(dir.resolve("input.npy"));
        Npy.Array oracle = Npy.read(dir.resolve("logits.npy"));
        int n = manifest.path("images").asInt(), px = (int) net.input().elements(), classes = (int) net.outputShape().elements();
        Map<String, long[]> diffs = new LinkedHashMap<>();   // tensor -> {differing values, first image, first index, computed, stored}
        List<Integer> otherClass = new ArrayList<>();
        int correctInt = 0, correctOracle = 0;
        Npy.Array labels = Files.isRegularFile(dir.resolve("labels.npy")) ? Npy.read(dir.resolve("labels.npy")) : null;
        try {
            for (int i = 0; i < n; i++) {
                final int img = i;
                int[] x = new int[px];
                for (int k = 0; k < px; k++) x[k] = (int) Math.round(data.quantize(input.values()[i * px + k]) * data.scale());
                int[] y = f.run(x, (layer, q) -> {
                    int[] stored = Arrays.copyOfRange(vectors.get(layer), img * q.length, (img + 1) * q.length);
                    differ(layer, img, q, stored, diffs);
                    return stored;   // go on from the exported vector: a difference shows where it starts
                });
                differ("logits", img, y, Arrays.copyOfRange(logits, i * classes, (i + 1) * classes), diffs);
                int a = FixedPointPackage.argmax(y), b = FixedPointPackage.argmax(Arrays.copyOfRange(oracle.values(), i * classes, (i + 1) * classes));
                if (a != b) otherClass.add(i);
                if (labels != null) {
                    if (a == (int) labels.values()[i]) correctInt++;
                    if (b == (int) labels.values()[i]) correctOracle++;
                }
            }
        } catch (ArithmeticException e) {
            problems.add("integer reference: 64-bit overflow (" + e.getMessage() + "); the package's values are out of the documented range");
            return;
        }
        long values = 0;
        for (Map.Entry<String, long[]> e : diffs.entrySet()) {
            long[] d = e.getValue();
            values += d[5];
            if (d[0] == 0) continue;
            boolean isLogits = e.getKey().equals("logits");
            String file = isLogits ? logitsEntry.path("file").asText() : byLayer.get(e.getKey()).get("activation").path("file").asText();
            Set<String> by = isLogits ? producersOfOutput(net) : producers(net, e.getKey());
            problems.add(String.format(java.util.Locale.ROOT, "vectors/%s: %d of %d values differ from the integer reference (first: image %d, index %d, "
                    + "computed %d, stored %d); computed by layer %s from %s", file, d[0], d[5], d[1], d[2], d[3], d[4],
                    String.join(", ", by), "its weights, multipliers and shifts and the stored inputs"));
        }
        if (problems.size() == before) {
            checks.add(String.format(java.util.Locale.ROOT, "integer reference (plain Java, 64-bit exact MACs, round half away + saturation to %s) "
                    + "reproduces all %d integer values of %d layer inputs and the logits of %d images bit for bit", data, values, vectors.size(), n));
        }
        if (!otherClass.isEmpty()) {
            problems.add("vectors/logits.i2.npy: the integer logits pick another class than the oracle's logits.npy on image(s) " + otherClass);
        } else {
            checks.add(String.format(java.util.Locale.ROOT, "top-1 of the integer logits = the oracle's on %d/%d images%s", n, n,
                    labels == null ? "" : " (both " + correctInt + "/" + n + " correct)"));
        }
        if (labels != null && correctInt != correctOracle) {
            problems.add("vectors/logits.i2.npy: " + correctInt + "/" + n + " images correct, the oracle's logits " + correctOracle + "/" + n);
        }
    }

    /**
     * The integer vectors against the float ones (the oracle's float32 fixed-point values, computed by libtorch):
     * equal but where float32 rounding put a value on the other side of a rounding boundary, so at most one LSB
     * apart and in at most {@link #ORACLE_MISMATCH} of the values.
     */
    private static void oracleAgreement(Path dir, Map<String, int[]> vectors, Quantizer data, List<String> checks, List<String> problems)
            throws IOException {
        long values = 0, equal = 0;
        for (Map.Entry<String, int[]> e : vectors.entrySet()) {
            Path f = dir.resolve(FixedPointPackage.fileStem(e.getKey()) + ".input.npy");
            if (!Files.isRegularFile(f)) { problems.add(f + ": missing (the oracle's values of layer " + e.getKey() + ")"); continue; }
            float[] o = Npy.read(f).values();
            int[] q = e.getValue();
            if (o.length != q.length) { problems.add(f + ": " + o.length + " values, the integer vector has " + q.length); continue; }
            long eq = 0, far = 0;
            for (int k = 0; k < q.length; k++) {
                double d = Math.abs(o[k] * data.scale() - q[k]);
                if (d == 0) eq++;
                else if (d > 1) far++;
            }
            values += q.length;
            equal += eq;
            if (far > 0 || q.length - eq > ORACLE_MISMATCH * q.length) {
                problems.add(String.format(java.util.Locale.ROOT, "vectors/%s.input.i2.npy: %d of %d values differ from the oracle's (%s.input.npy × 2^%d), "
                        + "%d by more than one LSB", FixedPointPackage.fileStem(e.getKey()), q.length - eq, q.length,
                        FixedPointPackage.fileStem(e.getKey()), data.fractionBits(), far));
            }
        }
        checks.add(String.format(java.util.Locale.ROOT, "integer layer vectors = the oracle's float32 fixed-point values (the .input.npy files) "
                + "in %d of %d values (allowed: one LSB in %.1f %%)", equal, values, 100 * ORACLE_MISMATCH));
    }

    /**
     * Share of a layer's values allowed one LSB from the oracle's: the oracle computes in float32, so a sum that lands
     * on a rounding boundary may round the other way. Measured 0 on lenet5, 0 to 0.14 % per layer on resnet8 depending
     * on the trained weights (17 of 12 544 in layer3_conv2); a wrong rule differs in far more values or by more than one
     * LSB, which is refused at any share.
     */
    static final double ORACLE_MISMATCH = 1e-2;

    private static void differ(String tensor, int image, int[] computed, int[] stored, Map<String, long[]> diffs) {
        long[] d = diffs.computeIfAbsent(tensor, k -> new long[] {0, -1, -1, 0, 0, 0});
        d[5] += computed.length;
        for (int k = 0; k < computed.length; k++) {
            if (computed[k] == stored[k]) continue;
            if (d[0]++ == 0) { d[1] = image; d[2] = k; d[3] = computed[k]; d[4] = stored[k]; }
        }
    }

    /** The integer parameters of one layer, checked against design.json's formats and model.onnx's pruning. */
    private static IntegerLayer layer(Path dir, String name, JsonNode designLayer, Map<String, JsonNode> entries, float[] onnxWeights,
                                      List<String> problems) throws IOException {
        JsonNode fp = designLayer.path("fixedPoint");
        String where = "design.json layer " + name;
        if (fp.isMissingNode()) { problems.add(where + ": no fixedPoint formats"); return null; }
        JsonNode we = entries.get("weight"), se = entries.get("shift"), me = entries.get("multiplier");
        if (we == null || se == null) { problems.add("vectors/manifest.json: layer " + name + " lacks its integer weight or shift file"); return null; }
        Quantizer wf = PackageVerifier.quantizer(fp.path("weight"));
        if (!quantizer(we.path("format"), wf)) problems.add("vectors/" + we.path("file").asText() + ": format " + we.path("format") + " is not " + where + "'s weight format " + wf);
        long[] w = Npy.readIntegers(dir.resolve(we.path("file").asText())).values();
        int[] wi = new int[w.length];
        long lo = -(1L << (wf.bits() - 1)), hi = (1L << (wf.bits() - 1)) - 1, out = 0, pruning = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] < lo || w[i] > hi) out++;
            wi[i] = (int) w[i];
            if (onnxWeights != null && i < onnxWeights.length && (w[i] == 0) != (onnxWeights[i] == 0)) pruning++;
        }
        if (out > 0) problems.add("vectors/" + we.path("file").asText() + ": " + out + " weights of layer " + name + " are outside the range of " + wf);
        if (onnxWeights == null || onnxWeights.length != w.length) {
            problems.add("vectors/" + we.path("file").asText() + ": " + w.length + " weights of layer " + name + ", model.onnx has "
                    + (onnxWeights == null ? "none" : onnxWeights.length));
        } else if (pruning > 0) {
            problems.add("vectors/" + we.path("file").asText() + ": " + pruning + " weights of layer " + name + " are zero here but not in model.onnx or the reverse");
        }
        int[] m = null;
        Quantizer mf = null;
        if (me != null) {
            mf = PackageVerifier.quantizer(me.path("format"));
            if (fp.path("multiplier").isNull() || !quantizer(fp.path("multiplier"), mf)) {
                problems.add("vectors/" + me.path("file").asText() + ": format " + me.path("format") + " is not " + where + "'s multiplier " + fp.path("multiplier"));
            }
            long[] mv = Npy.readIntegers(dir.resolve(me.path("file").asText())).values();
            m = new int[mv.length];
            for (int i = 0; i < mv.length; i++) m[i] = (int) mv[i];
        } else if (!fp.path("multiplier").isNull() && !fp.path("multiplier").isMissingNode()) {
            problems.add(where + ": states a multiplier format but the manifest has no multiplier file for the layer");
        }
        long[] sh = Npy.readIntegers(dir.resolve(se.path("file").asText())).values();
        try {
            IntegerLayer p = new IntegerLayer(name, wi, wf, m, mf, sh, (float) designLayer.path("tauA").asDouble());
            if (se.path("format").path("fractionBits").asInt() != fp.path("resultFractionBits").asInt()) {
                problems.add("vectors/" + se.path("file").asText() + ": fractionBits " + se.path("format").path("fractionBits") + " but "
                        + where + " says resultFractionBits " + fp.path("resultFractionBits"));
            }
            return p;
        } catch (IllegalArgumentException e) {
            problems.add("vectors/manifest.json: " + e.getMessage());
            return null;
        }
    }

    private static int[] ints(Path dir, JsonNode entry, Quantizer data, List<String> problems) throws IOException {
        if (!quantizer(entry.path("format"), data)) {
            problems.add("vectors/" + entry.path("file").asText() + ": format " + entry.path("format") + " is not the data format " + data);
        }
        long[] v = Npy.readIntegers(dir.resolve(entry.path("file").asText())).values();
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (int) v[i];
        return r;
    }

    private static boolean quantizer(JsonNode f, Quantizer q) {
        return f.path("bits").asInt() == q.bits() && f.path("fractionBits").asInt() == q.fractionBits();
    }

    /** The prunable layers whose outputs reach {@code layer}'s input through non-prunable nodes only. */
    static Set<String> producers(Network net, String layer) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(net.node(layer).inputs());
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.remove(0);
            if (!seen.add(t)) continue;
            if (t.equals(net.inputName())) { out.add("(the image)"); continue; }
            Node p = net.node(t);
            if (p.isPrunable()) out.add(p.name());
            else todo.addAll(p.inputs());
        }
        return out;
    }

    private static Set<String> producersOfOutput(Network net) {
        Node o = net.output();
        return o.isPrunable() ? Set.of(o.name()) : producers(net, o.name());
    }
}
