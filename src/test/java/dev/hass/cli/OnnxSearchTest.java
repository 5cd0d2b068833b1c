package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hass.nn.ImageFolderFixture;
import dev.hass.nn.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's network and images, end to end through the CLI: a LeNet-5 trained here and written as ONNX, a real
 * ImageFolder tree of Fashion-MNIST PNGs, and an experiment with model.onnx + dataset.imagefolder.
 */
@Tag("slow") // trains a LeNet-5, then searches it through the CLI
class OnnxSearchTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path data;

    @BeforeAll
    static void networkAndImages() throws Exception {
        assumeTrue(SearchExperiments.datasetInstalled(), "Fashion-MNIST not installed");
        UserModelFixture f = UserModelFixture.make(dir);
        fixture = f;
        model = f.model();
        data = f.data();
    }

    static UserModelFixture fixture;

    static Path experiment(String name, String dataset, String oracle) throws Exception {
        return fixture.experiment(dir, name, dataset, oracle);
    }

    static final String ORACLE = UserModelFixture.ORACLE;

    static String folder() {
        return fixture.folder();
    }

    @Test
    void searchesResumesAndReportsLikeABuiltInModel() throws Exception {
        Path e = experiment("mine", folder(), ORACLE);
        CliHarness.Result v = CliHarness.run("validate", e.toString());
        assertEquals(0, v.code(), v.err());
        Path out = dir.resolve("results-mine");
        CliHarness.Result r = CliHarness.run("search", e.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("search mine"), r.out());
        List<String> trials = Files.readAllLines(out.resolve("trials.jsonl"));
        assertTrue(trials.size() >= 4 * 8, "every algorithm's budget (and the dense trial): " + trials.size());
        assertTrue(trials.stream().anyMatch(t -> t.contains("\"tw.conv2\"") && t.contains("\"ta.conv2\"")), trials.get(1));
        for (String f : List.of("trials.csv", "pareto.csv", "summary.json")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        // a rerun resumes: nothing is scored again
        CliHarness.Result again = CliHarness.run("search", e.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 trials scored"), again.out());
        assertEquals(trials.size(), Files.readAllLines(out.resolve("trials.jsonl")).size());
        // the hardware package: the user's file with the trial's pruned weights and its convs' histograms
        Path pkg = dir.resolve("pkg");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        int pruning = -1;   // a trial that prunes conv2's weights
        for (String t : trials) {
            var n = json.readTree(t);
            if (n.path("params").path("tw.conv2").asDouble() > 0.02) {
                pruning = n.get("number").asInt();
                break;
            }
        }
        assertTrue(pruning >= 0, "some trial prunes conv2");
        CliHarness.Result x = CliHarness.run("export", out.toString(), "--trial", "" + pruning, "--out", pkg.toString());
        assertEquals(0, x.code(), x.out() + x.err());
        for (String f : List.of("design.json", "model.onnx", "README.md", "experiment.json", "trial.json")) {
            assertTrue(Files.isRegularFile(pkg.resolve(f)), f);
        }
        var design = json.readTree(pkg.resolve("design.json").toFile());
        var exported = dev.hass.hardware.onnx.OnnxGraph.read(pkg.resolve("model.onnx"));
        assertEquals(dev.hass.hardware.onnx.OnnxGraph.read(model).layers().size(), exported.layers().size());
        for (var layer : design.get("layers")) {
            var l = exported.layers().stream().filter(g -> g.name().equals(layer.get("name").asText())).findFirst().orElseThrow();
            float[] w = exported.floats(l.weight());
            long zeros = 0;
            for (float f : w) if (f == 0f) zeros++;
            assertEquals(layer.get("weightSparsity").asDouble(), zeros / (double) w.length, 1e-12, l.name());
        }
        assertTrue(design.get("layers").get(1).get("weightSparsity").asDouble() > 0, "conv2 is pruned: " + design.get("layers").get(1));
        assertEquals(2, dev.hass.hardware.onnx.OnnxImport.read(pkg.resolve("model.onnx")).histograms().size(), "both convs carry histograms");
        // golden vectors, integer ones too, and --verify (bit-exact integer forward) as for a built-in model
        for (String f : List.of("vectors/manifest.json", "vectors/input.npy", "vectors/conv2.input.npy", "vectors/conv2.input.i2.npy",
                "vectors/conv2.weight.i2.npy", "vectors/logits.i2.npy", "model.int.onnx")) {
            assertTrue(Files.isRegularFile(pkg.resolve(f)), f);
        }
        Path pkg2 = dir.resolve("pkg2");
        CliHarness.Result v2 = CliHarness.run("export", out.toString(), "--trial", "" + pruning, "--out", pkg2.toString(), "--verify");
        assertEquals(0, v2.code(), v2.out() + v2.err());
        assertTrue(v2.out().contains("verified:") && v2.out().contains("bit for bit"), v2.out());
        assertTrue(v2.out().contains("integer vectors: "), v2.out());
        assertTrue(json.readTree(pkg2.resolve("design.json").toFile()).has("fixedPoint"), "at the experiment's fixed point");
        CliHarness.Result f2 = CliHarness.run("export", out.toString(), "--trial", "" + pruning, "--out", dir.resolve("pkg3").toString(),
                "--verify", "--float");
        assertEquals(0, f2.code(), f2.out() + f2.err());
        assertFalse(Files.exists(dir.resolve("pkg3/vectors/conv2.input.i2.npy")), "--float: no integer vectors");
    }

    @Test
    void screeningRunsAndRecordsFidelitiesLikeWithABuiltInModel() throws Exception {
        Path e = dir.resolve("mine-screen.json");
        Files.writeString(e, "{\"name\":\"mine-screen\",\"model\":{\"onnx\":\"" + model + "\"},\"dataset\":" + folder()
                + ",\"hardware\":{\"platform\":\"u250\",\"resourceFraction\":0.02},"
                + "\"search\":{\"algorithm\":\"nsga2\",\"populationSize\":4,\"evaluations\":14,\"seed\":1,\"fidelity\":{}},"
                + "\"oracle\":{\"evaluationImages\":200,\"histogramImages\":100}}");
        Path out = dir.resolve("results-screen");
        CliHarness.Result r = CliHarness.run("search", e.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        int screens = 0, full = 0, screenNumber = -1;
        for (String line : Files.readAllLines(out.resolve("trials.jsonl"))) {
            var t = json.readTree(line);
            var f = t.path("fidelity");
            assertTrue(f.isObject(), "every trial of a screening search records its fidelity: " + line);
            if (f.path("level").asText().equals("screen")) {
                screens++;
                screenNumber = t.get("number").asInt();
                assertEquals(50, f.path("evaluationImages").asInt(), "a quarter of the 200 validation images: " + f);
                assertEquals(25, f.path("histogramImages").asInt(), "a quarter of the 100 calibration images: " + f);
                assertTrue(t.path("generation").asInt() >= 1, "generation 0 is measured at full fidelity");
            } else {
                full++;
                assertEquals(200, f.path("evaluationImages").asInt(), f.toString());
            }
        }
        assertTrue(screens > 0 && full > 0, screens + " screens, " + full + " full evaluations");
        var summary = json.readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.toString().contains("screens"), "the summary counts the screens: " + summary);
        // a screen is not a measured design: export refuses it, as for a built-in model
        CliHarness.Result x = CliHarness.run("export", out.toString(), "--trial", "" + screenNumber, "--out", dir.resolve("pkg-screen").toString());
        assertEquals(2, x.code(), x.out() + x.err());
        assertTrue(x.err().contains("is a screen"), x.err());
    }

    @Test
    void fashionMnistIdxFilesFeedAnOnnxModelToo() throws Exception {
        Path e = experiment("mine-idx", "{\"calibrationImages\":100,\"validationImages\":200}", ORACLE);
        Path out = dir.resolve("results-idx");
        CliHarness.Result r = CliHarness.run("search", e.toString(), "--out", out.toString(), "--algorithm", "uniform");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readAllLines(out.resolve("trials.jsonl")).size() >= 8);
    }

    @Test
    void aDataSetThatDoesNotFitTheNetworkIsExit2() throws Exception {
        Path nine = dir.resolve("nine");
        Images test = ImageFolderFixture.fashionTest();
        ImageFolderFixture.write(test, 0, 200, nine, "val");
        try (var files = Files.list(nine.resolve("val/c9"))) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(nine.resolve("val/c9"));
        Path e = experiment("nine", folder().replace(data.toString(), nine.toString()), ORACLE);
        CliHarness.Result r = CliHarness.run("search", e.toString(), "--out", dir.resolve("results-nine").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(nine + ": 9 classes [c0, c1, c2, c3, c4, c5, c6, c7, c8] but " + model + " outputs 10 scores"), r.err());
        Path tuned = experiment("tuned", folder(), "{\"evaluationImages\":200,\"fineTuneSteps\":10}");
        r = CliHarness.run("validate", tuned.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(tuned + ": $.oracle.fineTuneSteps: got 10; an ONNX model (model.onnx) is searched post-training: 0"), r.err());
    }

    @Test
    void submitTakesTheOnnxFileAsTheModelsCheckpoint() throws Exception {
        Path e = experiment("mine-batch", folder(), ORACLE);
        Path root = dir.resolve("batches");
        CliHarness.Result r = CliHarness.run("submit", "--dry-run", e.toString(), "--seeds", "1-2", "--batches-dir", root.toString(), "--id", "onnx");
        assertEquals(0, r.code(), r.err());
        // two tasks sharing a missing checkpoint would each train it: an ONNX file is never missing nor trained
        assertTrue(!r.out().contains("warning") && !r.out().contains("no checkpoint"), r.out());
        assertTrue(Files.isDirectory(root.resolve("onnx/tasks/001-mine-batch-u250-s2")), r.out());
    }

    @Test
    void commandsOfTheBuiltInModelsRefuseAnOnnxModelWithExit2() throws Exception {
        Path e = experiment("mine-train", folder(), ORACLE);
        for (String command : List.of("train", "profile", "transform")) {
            CliHarness.Result r = command.equals("transform") ? CliHarness.run(command, e.toString(), "--out", dir.resolve("t").toString())
                    : CliHarness.run(command, e.toString());
            assertEquals(2, r.code(), command + ": " + r.out() + r.err());
            assertTrue(r.err().contains("mine-train: model.onnx (" + model + ") is a trained network; this command works on the built-in"),
                    command + ": " + r.err());
        }
    }
}
