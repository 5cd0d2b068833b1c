package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        CliHarness.Result v2 = CliHarness.run("export", out.toString(), "--best-throughput", "--out", dir.resolve("pkg2").toString(), "--verify");
        assertEquals(2, v2.code(), v2.out());
        assertTrue(v2.err().contains("--verify checks the golden vectors"), v2.err());
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
