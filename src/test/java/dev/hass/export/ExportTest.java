package dev.hass.export;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.app.SearchApp;
import dev.hass.cli.Main;
import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.hardware.board.Platforms;
import dev.hass.hardware.dse.Design;
import dev.hass.hardware.dse.DesignReport;
import dev.hass.hardware.dse.Dse;
import dev.hass.hardware.dse.HardwareOptions;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.stage.Widths;
import dev.hass.nn.Evaluation;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.Images;
import dev.hass.nn.TrainedLenet5;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.Fidelity;
import dev.hass.oracle.OracleConfig;
import dev.hass.oracle.PrunableLayer;
import dev.hass.search.HassScorer;
import dev.hass.search.Score;
import dev.hass.space.Encoding;
import dev.hass.space.SpaceLayer;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.TrialState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny real run: the shared lenet5 ({@link TrainedLenet5}, trained once per build on real Fashion-MNIST), a 3-trial random search with the real
 * oracle and DSE, then {@code hass export} of its best trial, checked from outside (re-import, DSE,
 * Debian's python3 + numpy) and by tampering with the package.
 */
@Tag("slow")
class ExportTest {
    static final int CAL = 200, VAL = 300;
    static final long SEED = 5;
    @TempDir static Path tmp;
    static Path results, pkg;
    static Experiment experiment;
    static Trial best;
    static String exportOut;
    static FashionMnist full;

    @BeforeAll
    static void trainSearchExport() throws IOException {
        Path dataDir = FashionMnist.resolveDir(null);
        assumeTrue(Files.isRegularFile(dataDir.resolve(FashionMnist.FILES[0])),
                "Fashion-MNIST not installed at " + dataDir + " (apt-get install dataset-fashion-mnist)");
        full = FashionMnist.load(dataDir);
        long t0 = System.nanoTime();
        Path checkpoint = TrainedLenet5.checkpoint(); // shared lenet5, trained once per build; read only
        results = tmp.resolve("results/tiny");
        String json = "{\"name\":\"tiny\",\"model\":{\"architecture\":\"lenet5\",\"checkpoint\":\"" + checkpoint + "\"},"
                + "\"dataset\":{\"calibrationImages\":" + CAL + ",\"validationImages\":" + VAL + "},"
                + "\"training\":{\"seed\":" + SEED + ",\"batchSize\":128},"
                + "\"hardware\":{\"platform\":\"zcu102\",\"batch\":64},"
                + "\"constraints\":{\"maxAccuracyDrop\":0.5},"
                + "\"oracle\":{\"fineTuneSteps\":0,\"evaluationImages\":150},"
                + "\"search\":{\"algorithm\":\"random\",\"populationSize\":4,\"evaluations\":2,\"seed\":2},"
                + "\"output\":\"" + results + "\"}";
        experiment = Experiments.parse(json, "tiny.json", Map.of());
        // the search's oracle: the accelerator's fixed point at the experiment's widths (16/16), as `hass search` runs it
        OracleConfig cfg = new OracleConfig("lenet5", checkpoint, dataDir, CAL, VAL, SEED, 128, 1e-3).atWidths(16, 16);
        System.err.printf("ExportTest: model ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        SearchApp.search(experiment, cfg, List.of());
        System.err.printf("ExportTest: searched at %.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<Trial> trials = TrialLog.read(results.resolve(TrialLog.FILE));
        // the default space's random draws prune lenet5 to chance; add a moderately pruned trial scored by the real
        // oracle + DSE (what the search does for each candidate), so the export's threshold checks are not trivial
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(cfg, full)) {
            List<SpaceLayer> layers = oracle.layers().stream().map(l -> new SpaceLayer(l.name(), l.hasActivationThreshold())).toList();
            Encoding enc = experiment.space().encoding(layers);
            HassScorer scorer = new HassScorer(oracle, enc, Networks.lenet5(), Platforms.get("zcu102"),
                    new HardwareOptions(64, new Widths(16, 16, Widths.DEFAULT.acc()), 0.9), new Fidelity(0, 150), 0.5);
            Map<String, Double> params = new java.util.LinkedHashMap<>();
            for (SpaceLayer l : layers) {
                params.put("tw." + l.name(), 0.04);
                if (l.hasActivationThreshold()) params.put("ta." + l.name(), 0.2);
            }
            Score sc = scorer.score(params);
            Map<String, Double> values = Map.of("accuracy", sc.metrics().get("accuracy"), "throughput", sc.metrics().get("throughput"));
            best = new Trial(trials.size(), "manual", 0, 0, TrialState.COMPLETE, params, values, sc.constraints(), sc.layers(), sc.design(),
                    "2026-01-01T00:00:00.000000", "2026-01-01T00:00:01.000000", sc.oracleSeconds(), sc.dseSeconds(), null);
            try (TrialLog log = TrialLog.open(results.resolve(TrialLog.FILE))) {
                log.append(best);
            }
        }
        System.err.println("ExportTest: exporting trial " + best.number() + " " + best.values() + " " + best.params());
        pkg = tmp.resolve("pkg");
        String[] r = run("export", results.toString(), "--trial", String.valueOf(best.number()), "--out", pkg.toString(), "--verify", "--images", "6");
        assertEquals("0", r[0], r[2]);
        exportOut = r[1];
        System.err.printf("ExportTest: exported at %.1f s%n%s", (System.nanoTime() - t0) / 1e9, exportOut);
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    static JsonNode design() throws IOException {
        return ExportService.JSON.readTree(pkg.resolve("design.json").toFile());
    }

    @Test
    void packageHoldsTheChosenTrialAndVerifies() throws IOException {
        assertTrue(exportOut.contains("exported trial " + best.number()), exportOut);
        assertTrue(exportOut.contains("verified:") && exportOut.contains("plain-Java float inference"), exportOut);
        for (String f : List.of("design.json", "model.onnx", "README.md", "experiment.json", "trial.json", "vectors/manifest.json",
                "vectors/input.npy", "vectors/logits.npy", "vectors/labels.npy", "vectors/conv1.input.npy", "vectors/fc3.input.npy")) {
            assertTrue(Files.isRegularFile(pkg.resolve(f)), f);
        }
        JsonNode d = design();
        assertEquals(best.number(), d.path("source").path("trial").asInt());
        // the oracle re-run on the trial's thresholds reproduces the searched accuracy exactly
        assertEquals(best.values().get("accuracy"), d.path("accuracy").path("reproduced").asDouble(), 0.0);
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2", "fc3"),
                java.util.stream.StreamSupport.stream(d.path("layers").spliterator(), false).map(l -> l.path("name").asText()).toList());
        for (JsonNode l : d.path("layers")) {
            Trial.LayerStats s = best.layers().stream().filter(x -> x.name().equals(l.path("name").asText())).findFirst().orElseThrow();
            assertEquals(s.weightSparsity(), l.path("weightSparsity").asDouble(), 0.0, s.name());
            assertEquals(s.activationSparsity(), l.path("activationSparsity").asDouble(), 0.0, s.name());
        }
        JsonNode conv2 = d.path("layers").get(1).path("channelToStream");
        int[] order = new int[conv2.path("order").size()];
        for (int i = 0; i < order.length; i++) order[i] = conv2.path("order").get(i).asInt();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Arrays.stream(order).sorted().toArray(), "a permutation of conv2's 6 channels");
        assertTrue(Files.readString(pkg.resolve("README.md")).contains("channel_sparsity_hist"));
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary folder left");
        }
    }

    @Test
    void bestOfPicksFollowTheLog() throws IOException {
        List<Trial> trials = TrialLog.read(results.resolve(TrialLog.FILE));
        Trial fastest = ExportService.pick(results, trials, new ExportService.Selection.BestThroughput());
        Trial mostAccurate = ExportService.pick(results, trials, new ExportService.Selection.BestAccuracy());
        for (Trial t : trials) {
            if (!t.feasible()) continue;
            assertTrue(t.design().throughput() <= fastest.design().throughput());
            assertTrue(t.values().get("accuracy") <= mostAccurate.values().get("accuracy"));
        }
        assertTrue(fastest.feasible() && mostAccurate.feasible());
    }

    @Test
    void onnxRoundTripGivesTheSameDesign() throws IOException {
        ImportedNetwork imp = OnnxImport.read(pkg.resolve("model.onnx"));
        for (Node n : imp.network().nodesOf(Op.Conv.class)) assertTrue(imp.histograms().containsKey(n.name()), n.name());
        Design again = Dse.optimise(imp.network(), imp.histograms(), Platforms.get("zcu102"),
                new HardwareOptions(64, new Widths(16, 16, Widths.DEFAULT.acc()), 0.9));
        assertEquals(PackageVerifier.withoutName(design().path("design")), PackageVerifier.withoutName(ExportService.JSON.readTree(DesignReport.json(again))));
        // the same through the CLI a hardware engineer would use
        String[] r = run("hardware", "--onnx", pkg.resolve("model.onnx").toString(), "--platform", "zcu102", "--batch", "64", "--json");
        assertEquals("0", r[0], r[2]);
        ObjectNode cli = (ObjectNode) ExportService.JSON.readTree(r[1]);
        assertTrue(cli.has("bestKnown"), "hass hardware --json says how far the design is from the best known");
        cli.remove("bestKnown");   // a yardstick of the CLI's, not part of the design
        assertEquals(PackageVerifier.withoutName(design().path("design")), PackageVerifier.withoutName(cli));
        // and within a float's rounding of the histograms, the design the search logged
        assertEquals(best.design().throughput(), again.throughput(), best.design().throughput() * 1e-3);
    }

    @Test
    void numpyLoadsTheVectorsAndTheLogitsAreTheOracles() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3 (apt-get install python3-numpy)");
        String script = String.join("\n",
                "import json, sys, numpy as np",
                "d = sys.argv[1]",
                "m = json.load(open(d + '/manifest.json'))",
                "for t in m['tensors']:",
                "    a = np.load(d + '/' + t['file'])",
                "    assert list(a.shape) == t['shape'], (t['file'], a.shape, t['shape'])",
                "    assert a.dtype == np.dtype(t['dtype']), (t['file'], a.dtype)",
                "l = np.load(d + '/logits.npy')",
                "print(json.dumps([float(x) for x in l.ravel()]))");
        Process p = new ProcessBuilder(python.toString(), "-c", script, pkg.resolve("vectors").toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(!out.contains("No module named 'numpy'"), "numpy missing for /usr/bin/python3 (apt-get install python3-numpy)");
        assertEquals(0, p.exitValue(), out);
        float[] fromPython = toFloats(ExportService.JSON.readTree(out));

        // the logits of the oracle's own candidate model on the same images
        OracleConfig cfg = new OracleConfig("lenet5", Path.of(experiment.model().checkpoint()), FashionMnist.resolveDir(null), CAL, VAL, SEED, 128, 1e-3)
                .atWidths(16, 16);
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(cfg, full)) {   // the data the export loaded itself
            List<SpaceLayer> layers = oracle.layers().stream().map(l -> new SpaceLayer(l.name(), l.hasActivationThreshold())).toList();
            Encoding enc = experiment.space().encoding(layers);
            Images six = oracle.calibration().head(6);
            float[] logits = oracle.inspect(ExportService.thresholds(enc, best.params()), new Fidelity(0, 150),
                    (m, scope) -> m.predict(scope, Evaluation.batchImages(scope, six, 0, 6)).toFloatArray());
            assertEquals(60, logits.length);
            assertArrayEquals(logits, fromPython, 0f);
            assertEquals(List.of("conv1", "conv2", "fc1", "fc2", "fc3"), oracle.layers().stream().map(PrunableLayer::name).toList());
        }
    }

    private static float[] toFloats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
        return f;
    }

    @Test
    void verifyFindsTamperedPackages() throws IOException {
        Path copy = tmp.resolve("tampered");
        copyTree(pkg, copy);
        assertTrue(PackageVerifier.verify(copy).ok(), PackageVerifier.verify(copy).problems().toString());
        // a wrong stated sparsity
        ObjectNode d = (ObjectNode) ExportService.JSON.readTree(copy.resolve("design.json").toFile());
        ObjectNode fc1 = (ObjectNode) d.path("layers").get(2);
        fc1.put("weightSparsity", fc1.path("weightSparsity").asDouble() + 0.01);
        ((ObjectNode) d.path("design")).put("intervalCycles", d.path("design").path("intervalCycles").asLong() + 1);
        ExportService.JSON.writeValue(copy.resolve("design.json").toFile(), d);
        // a logit off by 1 %
        Npy.Array l = Npy.read(copy.resolve("vectors/logits.npy"));
        float[] v = l.values().clone();
        v[7] *= 1.01f;
        Npy.writeFloat32(copy.resolve("vectors/logits.npy"), l.shape(), v);
        List<String> problems = PackageVerifier.verify(copy).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("layer fc1") && p.contains("weightSparsity")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("design.json: the DSE")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("logits, image 0")), problems.toString());
    }

    @Test
    void integerVectorsAreTheOraclesFixedPointValuesAndVerifyBitExactly() throws IOException {
        assertTrue(exportOut.contains("integer reference") && exportOut.contains("bit for bit"), exportOut);
        assertTrue(exportOut.contains("top-1 of the integer logits = the oracle's on 6/6 images"), exportOut);
        JsonNode man = ExportService.JSON.readTree(pkg.resolve("vectors/manifest.json").toFile());
        assertEquals(16, man.path("fixedPoint").path("data").path("bits").asInt());
        assertEquals(8, man.path("fixedPoint").path("data").path("fractionBits").asInt());
        for (String layer : List.of("conv1", "conv2", "fc1", "fc2", "fc3")) {
            Npy.Ints in = Npy.readIntegers(pkg.resolve("vectors/" + layer + ".input.i2.npy"));
            Npy.Ints w = Npy.readIntegers(pkg.resolve("vectors/" + layer + ".weight.i2.npy"));
            assertEquals("<i2", in.dtype());
            assertEquals("<i2", w.dtype());
            // design.json names the layer's weight format; the integers are the oracle's quantised weights on it
            JsonNode l = java.util.stream.StreamSupport.stream(design().path("layers").spliterator(), false)
                    .filter(x -> x.path("name").asText().equals(layer)).findFirst().orElseThrow();
            int f = l.path("fixedPoint").path("weight").path("fractionBits").asInt();
            assertEquals(16, l.path("fixedPoint").path("weight").path("bits").asInt());
            assertTrue(f >= 10 && f <= 14, layer + " weight fraction bits " + f);
            // the float vector of the package is the oracle's value: on the grid, and = scale × integer almost everywhere
            Npy.Array fl = Npy.read(pkg.resolve("vectors/" + layer + ".input.npy"));
            long equal = 0;
            for (int k = 0; k < fl.values().length; k++) if (fl.values()[k] * 256.0 == in.values()[k]) equal++;
            JsonNode agree = man.path("oracleAgreement").path("tensors").path(layer + ".input");
            assertEquals(equal, agree.path("equal").asLong(), layer);
            assertTrue(equal >= 0.999 * fl.values().length, layer + ": " + equal + " of " + fl.values().length + " equal the oracle's");
            assertTrue(agree.path("maxDifferenceLsb").asLong() <= 1, layer + " " + agree);
        }
    }

    @Test
    void onnxRuntimeOnModelIntOnnxGivesTheIntegerLogits() throws Exception {
        int[] equalOf = FixedPointExportTest.ortAgainstIntegerLogits(pkg);
        assertEquals(equalOf[1], equalOf[0], "ONNX Runtime's int16 logits equal to logits.i2.npy");
    }

    @Test
    void flippingOneWeightLsbFailsVerifyNamingTheLayer() throws IOException {
        Path copy = tmp.resolve("flipped");
        copyTree(pkg, copy);
        Path file = copy.resolve("vectors/conv1.weight.i2.npy");
        Npy.Ints w = Npy.readIntegers(file);
        int[] v = Arrays.stream(w.values()).mapToInt(x -> (int) x).toArray();
        int centre = 12;   // filter 0, the centre tap of its 5×5 kernel: it sees every pixel of the image
        assertNotEquals(0, v[centre], "a weight the pruning kept");
        v[centre] ^= 1;
        Npy.writeInt16(file, w.shape(), v);
        VerifyReport r = PackageVerifier.verify(copy);
        assertFalse(r.ok());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("vectors/conv2.input.i2.npy") && p.contains("computed by layer conv1")),
                r.problems().toString());
        // the float half still agrees: only the integer reference sees one LSB
        assertTrue(r.problems().stream().allMatch(p -> p.contains("integer reference")), r.problems().toString());
        // and an integer vector that is not the oracle's value is seen against the float vectors too
        Path copy2 = tmp.resolve("shifted");
        copyTree(pkg, copy2);
        Path fc2 = copy2.resolve("vectors/fc2.input.i2.npy");
        Npy.Ints a = Npy.readIntegers(fc2);
        int[] b = Arrays.stream(a.values()).mapToInt(x -> (int) x).toArray();
        b[3] += 2;
        Npy.writeInt16(fc2, a.shape(), b);
        List<String> p2 = PackageVerifier.verify(copy2).problems();
        assertTrue(p2.stream().anyMatch(p -> p.startsWith("vectors/fc2.input.i2.npy: 1 of") && p.contains("oracle's")), p2.toString());
        assertTrue(p2.stream().anyMatch(p -> p.startsWith("vectors/fc2.input.i2.npy") && p.contains("computed by layer fc1")), p2.toString());
    }

    @Test
    void floatExportIsTheFloatPackage() throws IOException {
        Path f = tmp.resolve("pkg-float");
        String[] r = run("export", results.toString(), "--trial", String.valueOf(best.number()), "--out", f.toString(), "--verify", "--images", "2", "--float");
        assertEquals("0", r[0], r[2]);
        try (var s = Files.list(f.resolve("vectors"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".i2.")), "no integer vectors with --float");
        }
        assertFalse(ExportService.JSON.readTree(f.resolve("design.json").toFile()).has("fixedPoint"));
        assertFalse(r[1].contains("integer reference"), r[1]);
    }

    @Test
    void badInputIsAUsageErrorAndLeavesNothing() throws IOException {
        String[] r = run("export", results.toString(), "--trial", "999", "--out", tmp.resolve("x").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no trial 999") && r[2].contains("trials.jsonl"), r[2]);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        r = run("export", empty.toString(), "--best-accuracy", "--out", tmp.resolve("y").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no trials"), r[2]);
        r = run("export", results.toString(), "--trial", "0", "--out", pkg.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("already exists"), r[2]);
        r = run("export", results.toString(), "--out", tmp.resolve("z").toString());
        assertEquals("2", r[0], "one of --trial / --best-throughput / --best-accuracy is required");
        assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("y")) || Files.exists(tmp.resolve("z")));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(from.relativize(p).toString()));
        }
    }
}
