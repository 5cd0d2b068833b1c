package dev.hass.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.space.Distribution;
import dev.hass.space.Granularity;
import dev.hass.study.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExperimentsTest {

    static List<String> problems(String json) {
        return assertThrows(ExperimentException.class, () -> Experiments.parse(json, "x.json", Map.of())).problems();
    }

    static void has(List<String> problems, String... fragments) {
        for (String f : fragments) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(f)), "no problem contains «" + f + "» in\n" + String.join("\n", problems));
        }
    }

    @Test
    void minimalFileGetsEveryDefault() {
        Experiment e = Experiments.parse("{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\"}}", "m.json", Map.of());
        assertEquals("results/m", e.output());
        assertEquals("u250", e.hardware().platform());
        assertEquals(0.9, e.hardware().resourceFraction());
        assertEquals(List.of("accuracy", "throughput"), List.copyOf(e.objectives().keySet()));
        assertEquals(Direction.MAXIMIZE, e.objectives().get("throughput"));
        assertEquals(Granularity.PER_LAYER, e.space().granularity());
        assertEquals(Distribution.Float.stepped(0, 0.3, 0.001), e.space().weightThreshold());
        assertEquals(new Experiment.Search("nsga2", 24, 480, 1), e.search());
        assertEquals(2000, e.oracle().evaluationImages());
        assertEquals(1000, e.oracle().histogramImages(), "default: the whole calibration subset");
        assertEquals(null, e.model().checkpoint());
    }

    @Test
    void shippedExperimentsAllValidateAndRoundTrip() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("experiments"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 11, files.toString());
        for (String m : Architectures.names()) {
            for (String b : List.of("u250", "zcu102")) assertTrue(files.contains(Path.of("experiments", m + "-" + b + ".json")), m + "-" + b);
        }
        for (Path f : files) {
            Experiment e = Experiments.load(f);
            Experiment again = Experiments.parse(Experiments.toJson(e), "resolved", Map.of());
            assertEquals(e, again, f.toString());
        }
        Experiment q = Experiments.load(Path.of("experiments/quickstart.json"));
        assertEquals("lenet5", q.model().architecture());
        assertEquals("u250", q.hardware().platform());
    }

    @Test
    void overridesAreAppliedAndChecked() {
        String f = "{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\"}}";
        Experiment e = Experiments.parse(f, "m.json", Map.of("search.seed", 7, "hardware.platform", "zcu102", "output", "/tmp/o"));
        assertEquals(7, e.search().seed());
        assertEquals("zcu102", e.hardware().platform());
        assertEquals("/tmp/o", e.output());
        List<String> p = assertThrows(ExperimentException.class,
                () -> Experiments.parse(f, "m.json", Map.of("search.evaluations", -1))).problems();
        has(p, "m.json: $.search.evaluations: got -1; expected an integer in [1, 100000000]");
    }

    @Test
    void unknownKeysAreReportedWithTheNearestAllowedKey() {
        List<String> p = problems("{\"name\":\"m\",\"modle\":{},\"model\":{\"architecture\":\"lenet5\",\"chekpoint\":\"x\"},"
                + "\"search\":{\"popSize\":4,\"populationsize\":4}}");
        has(p, "x.json: $.modle: unknown key; allowed keys: name, description, model", "(did you mean \"model\"?)",
                "x.json: $.model.chekpoint: unknown key; allowed keys: architecture, checkpoint, onnx (did you mean \"checkpoint\"?)",
                "$.search.popSize: unknown key", "$.search.populationsize: unknown key", "(did you mean \"populationSize\"?)");
        assertEquals(4, p.size(), String.join("\n", p));
    }

    @Test
    void wrongTypesNameThePathTheValueAndWhatIsAllowed() {
        List<String> p = problems("{\"name\":3,\"model\":{\"architecture\":\"lenet5\"},\"training\":{\"epochs\":\"two\",\"learningRate\":0},"
                + "\"hardware\":{\"batch\":1.5,\"resourceFraction\":1.2},\"search\":{\"seed\":\"x\"},\"dataset\":[]}");
        has(p, "x.json: $.name: got 3; expected a string",
                "x.json: $.training.epochs: got \"two\"; expected an integer in [1, 1000]",
                "x.json: $.training.learningRate: got 0; expected a number in (0, 10]",
                "x.json: $.hardware.batch: got 1.5; expected an integer",
                "x.json: $.hardware.resourceFraction: got 1.2; expected a number in (0, 1]",
                "x.json: $.search.seed: got \"x\"; expected an integer ≥ 0",
                "x.json: $.dataset: got []; expected a JSON object");
        assertEquals(7, p.size(), String.join("\n", p));
    }

    @Test
    void unknownNamesGetTheListAndASuggestion() {
        List<String> p = problems("{\"name\":\"m\",\"model\":{\"architecture\":\"lenet\"},\"hardware\":{\"platform\":\"u25\"},"
                + "\"search\":{\"algorithm\":\"nsga3\"},\"objectives\":{\"acuracy\":\"maximize\",\"throughput\":\"max\"}}");
        has(p, "$.model.architecture: got \"lenet\"; allowed: lenet5, vgg_small, resnet8, mobilenet_small, repvgg_small (did you mean \"lenet5\"?)",
                "$.hardware.platform: got \"u25\"; allowed: u250, u200,", "(did you mean \"u250\"?)",
                "$.search.algorithm: got \"nsga3\"; allowed: nsga2, uniform, greedy, random, all (did you mean \"nsga2\"?)",
                "$.objectives.acuracy: unknown objective; allowed: accuracy, throughput, latency, dsp (did you mean \"accuracy\"?)",
                "$.objectives.throughput: got \"max\"; allowed: maximize, minimize (did you mean \"maximize\"?)");
        assertEquals(5, p.size(), String.join("\n", p));
    }

    @Test
    void badRangesAndSpaceProblems() {
        List<String> p = problems("{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\"},\"space\":{"
                + "\"weightThreshold\":{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0.3,\"high\":0.1}},"
                + "\"activationThreshold\":{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0.01,\"high\":1,\"step\":0.01,\"log\":true}},"
                + "\"layers\":{\"conv3\":{\"weightThreshold\":{\"name\":\"IntDistribution\",\"attributes\":{\"low\":-1,\"high\":1}}},"
                + "\"conv1\":{\"activationThreshold\":{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0,\"high\":1}}},"
                + "\"fc1\":{\"weightThreshold\":{\"name\":\"IntDistribution\",\"attributes\":{\"low\":-1,\"high\":1}}}},"
                + "\"granularity\":\"layer\"}}");
        has(p, "x.json: $.space.weightThreshold.attributes: inverted range: low 0.3 > high 0.1",
                "$.space.activationThreshold.attributes: log is true and step is 0.01",
                "$.space.layers.conv3: unknown layer \"conv3\"; prunable layers: conv1, conv2, fc1, fc2, fc3",
                "$.space.layers.conv1.activationThreshold: layer conv1 has no activation threshold",
                "$.space.layers.fc1.weightThreshold: got {\"name\":\"IntDistribution\"", "values must be ≥ 0",
                "$.space.granularity: got \"layer\"; allowed: per-layer, global");
        assertEquals(6, p.size(), String.join("\n", p));
        List<String> q = problems("{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\"},\"search\":{\"populationSize\":5,\"evaluations\":4},"
                + "\"dataset\":{\"validationImages\":100,\"calibrationImages\":50},\"oracle\":{\"evaluationImages\":200,\"histogramImages\":60,\"finalists\":\"all\"}}");
        has(q, "$.search.populationSize: got 5; NSGA-II needs an even population size",
                "$.search.evaluations: got 4; NSGA-II needs at least populationSize (5) evaluations",
                "$.oracle.evaluationImages: got 200; must be ≤ dataset.validationImages (100)",
                "$.oracle.histogramImages: got 60; must be ≤ dataset.calibrationImages (50)",
                "$.oracle.finalists: got \"all\"");
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("metadata.json"), "{\"architecture\":\"resnet8\",\"seed\":0}");
        String f = "{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\",\"checkpoint\":\"" + tmp + "\"}}";
        has(problems(f), "x.json: $.model.checkpoint: the checkpoint " + tmp + " holds a resnet8 model, but model.architecture is \"lenet5\"");
        Files.writeString(tmp.resolve("metadata.json"), "{\"architecture\":\"lenet5\"}");
        assertEquals("lenet5", Experiments.parse(f, "x.json", Map.of()).model().architecture());
    }

    @Test
    void missingRequiredAndBrokenJson() {
        has(problems("{}"), "x.json: $.name: missing", "x.json: $.model.architecture: missing; allowed: lenet5");
        has(problems("{\"name\":\"a b\",\"model\":{\"architecture\":\"lenet5\"}}"), "$.name: got \"a b\"; a name is 1 to 100 letters");
        has(problems("{\"name\": \"m\",\n \"model\": {]}"), "x.json:2:", "not valid JSON");
        has(problems("{\"name\":\"m\",\"name\":\"n\",\"model\":{\"architecture\":\"lenet5\"}}"), "Duplicate field 'name'");
        has(problems("[1]"), "x.json: $: expected a JSON object");
        has(problems("{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\"},\"hardware\":{\"platform\":\"boards/none.json\"}}"),
                "$.hardware.platform: got \"boards/none.json\"; no such platform file");
        List<String> r = assertThrows(ExperimentException.class, () -> Experiments.load(Path.of("no/such.json"))).problems();
        has(r, "no/such.json: cannot read");
    }

    /** lenet5 as a shape-only ONNX file (hardware's exporter), with op {@code Flatten} renamed to {@code flatten} when asked. */
    static Path lenetOnnx(Path dir, String flattenAs) throws IOException {
        byte[] b = dev.hass.hardware.onnx.OnnxExport.toBytes(dev.hass.hardware.graph.Networks.builtIn("lenet5"), Map.of(), Map.of());
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace("Flatten", flattenAs);
        Path f = dir.resolve(flattenAs + ".onnx");
        Files.write(f, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return f;
    }

    @Test
    void onnxModelOnAnImageFolderValidatesWithItsNodeNamesAsLayers(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path onnx = lenetOnnx(tmp, "Flatten");
        String f = "{\"name\":\"m\",\"model\":{\"onnx\":\"" + onnx + "\"},\"dataset\":{\"format\":\"imagefolder\",\"path\":\"data\","
                + "\"mean\":[0.5],\"std\":[0.25],\"size\":[28,28]},\"space\":{\"layers\":{\"conv2\":{\"weightThreshold\":{\"name\":\"FloatDistribution\",\"attributes\":{\"low\":0,\"high\":0.1}}}}}}";
        Experiment e = Experiments.parse(f, "x.json", Map.of());
        assertEquals(onnx.toString(), e.model().onnx());
        assertEquals(null, e.model().architecture());
        assertEquals("Flatten", e.model().label());
        assertEquals(List.of(0.5), e.dataset().mean());
        assertEquals(List.of(28, 28), e.dataset().size());
        assertEquals(0, e.oracle().finalistFineTuneSteps(), "ONNX models are searched post-training");
        assertEquals(e, Experiments.parse(Experiments.toJson(e), "resolved", Map.of()));
        // a layer name the file does not have is refused like a built-in model's
        has(problems(f.replace("conv2", "conv9")), "$.space.layers.conv9");
    }

    @Test
    void onnxAndImageFolderProblemsNameFieldValueAndWhatIsAllowed(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path onnx = lenetOnnx(tmp, "Flatten");
        String m = "{\"name\":\"m\",\"model\":{\"onnx\":\"" + onnx + "\"},";
        has(problems(m + "\"oracle\":{\"fineTuneSteps\":5}}"),
                "x.json: $.oracle.fineTuneSteps: got 5; an ONNX model (model.onnx) is searched post-training: 0");
        has(problems(m + "\"dataset\":{\"format\":\"imagefolder\",\"mean\":[1,2],\"std\":[0],\"size\":[0,3]}}"),
                "$.dataset.path: missing; an imagefolder data set needs",
                "$.dataset.mean: got [1,2]; a list of 1 or 3 numbers",
                "$.dataset.std: got [0]; a list of 1 or 3 numbers (one for all channels, or R, G, B), each > 0",
                "$.dataset.size: got [0,3]; [height, width]");
        has(problems(m + "\"dataset\":{\"format\":\"folder\"}}"), "$.dataset.format: got \"folder\"; allowed: idx, imagefolder");
        has(problems(m + "\"dataset\":{\"mean\":[0.5]}}"), "$.dataset.mean: only for \"format\": \"imagefolder\"");
        has(problems("{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\"},\"dataset\":{\"format\":\"imagefolder\",\"path\":\"d\"}}"),
                "$.dataset.format: got \"imagefolder\"; the built-in architectures are trained on Fashion-MNIST");
        has(problems("{\"name\":\"m\",\"model\":{\"architecture\":\"lenet5\",\"onnx\":\"" + onnx + "\"}}"),
                "$.model: give either architecture (a built-in model) or onnx (your own network), not both");
        has(problems("{\"name\":\"m\",\"model\":{\"onnx\":\"" + tmp.resolve("none.onnx") + "\"}}"),
                "$.model.onnx: got \"" + tmp.resolve("none.onnx") + "\"; no such file");
        Path softmax = lenetOnnx(tmp, "Softmax");
        has(problems("{\"name\":\"m\",\"model\":{\"onnx\":\"" + softmax + "\"}}"),
                "$.model.onnx: got \"" + softmax + "\"; holds ops the hardware model cannot map: flatten (Softmax); supported: Conv, Gemm");
        Path junk = Files.writeString(tmp.resolve("junk.onnx"), "not protobuf at all");
        has(problems("{\"name\":\"m\",\"model\":{\"onnx\":\"" + junk + "\"}}"), "$.model.onnx: got \"" + junk + "\"; not usable: " + junk + ": not a readable ONNX model");
    }
}
