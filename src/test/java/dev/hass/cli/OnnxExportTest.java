package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hass.export.ExportService;
import dev.hass.export.Npy;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.onnx.OnnxExport;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.TrainingProgress;
import dev.hass.oracle.DjlAccuracyOracle;
import dev.hass.oracle.OracleConfig;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hass export --verify} of ONNX-model experiments at the experiment's fixed point: our resnet8 (BatchNorm after
 * every conv, residual adds, a global pool before the Gemm) written as ONNX and searched as a user's model gets the
 * same integer vectors and the same bit-exact check as the built-in model; a network with an op that has no integer
 * rule gets the float package and a message naming the node.
 */
@Tag("slow") // trains resnet8 and runs a search and three exports
class OnnxExportTest {
    @TempDir
    static Path dir;
    static Path resnet;
    static Path lenetSigmoid;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void models() throws Exception {
        assumeTrue(SearchExperiments.datasetInstalled(), "Fashion-MNIST not installed");
        Path fm = FashionMnist.resolveDir(null);
        FashionMnist full = FashionMnist.load(fm);
        FashionMnist small = new FashionMnist(full.train().head(3000), full.test().head(500), full.fingerprint(), fm);
        for (String arch : List.of("resnet8", "lenet5")) {
            Path ckpt = dir.resolve(arch);
            ModelTrainer.train(new TrainingConfig(arch, ckpt, fm, 1, 64, 3e-3, 0, 100, 200, false), small, TrainingProgress.NONE);
            try (DjlAccuracyOracle o = DjlAccuracyOracle.open(new OracleConfig(arch, ckpt, fm, 100, 200, 0, 128, 1e-3), small)) {
                ExportService.writeDenseOnnx(o, dir.resolve(arch + ".onnx"));
            }
        }
        resnet = dir.resolve("resnet8.onnx");
        // lenet5 with its ReLUs made sigmoids (same weights): a node the integer arithmetic has no rule for
        Path lenet = dir.resolve("lenet5.onnx");
        Network net = OnnxImport.read(lenet).network();
        List<Node> nodes = new ArrayList<>();
        for (Node n : net.nodes()) {
            nodes.add(n.op() instanceof Op.Activation ? new Node(n.name(), new Op.Activation(Op.ActivationKind.SIGMOID), n.inputs()) : n);
        }
        lenetSigmoid = dir.resolve("lenet-sigmoid.onnx");
        OnnxExport.write(lenetSigmoid, new Network(net.name(), net.inputName(), net.input(), nodes), Map.of(), OnnxExport.readInitializers(lenet));
    }

    /** Searches {@code model} with the uniform algorithm; returns the results folder. */
    static Path search(String name, Path model) throws Exception {
        Path e = dir.resolve(name + ".json");
        Files.writeString(e, "{\"name\":\"" + name + "\",\"model\":{\"onnx\":\"" + model + "\"},"
                + "\"dataset\":{\"calibrationImages\":100,\"validationImages\":200},"
                + "\"hardware\":{\"platform\":\"u250\",\"resourceFraction\":0.05},"
                + "\"search\":{\"algorithm\":\"uniform\",\"populationSize\":4,\"evaluations\":8,\"seed\":1},"
                + "\"oracle\":{\"evaluationImages\":200}}");
        Path out = dir.resolve("results-" + name);
        CliHarness.Result r = CliHarness.run("search", e.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        return out;
    }

    /** The first trial that prunes {@code param} by more than {@code least}. */
    static int pruning(Path results, String param, double least) throws Exception {
        for (String t : Files.readAllLines(results.resolve("trials.jsonl"))) {
            JsonNode n = JSON.readTree(t);
            if (n.path("params").path(param).asDouble() > least && n.path("state").asText("COMPLETE").equals("COMPLETE")) {
                return n.get("number").asInt();
            }
        }
        throw new AssertionError("no trial with " + param + " > " + least);
    }

    @Test
    void anExportedResnet8SearchedAsAnOnnxModelExportsBitExactIntegerVectors() throws Exception {
        Path results = search("resnet8-onnx", resnet);
        int trial = pruning(results, "tw.layer2_conv1", 0.01);
        Path pkg = dir.resolve("pkg-resnet8");
        CliHarness.Result x = CliHarness.run("export", results.toString(), "--trial", "" + trial, "--out", pkg.toString(), "--verify");
        System.out.println(x.out());
        assertEquals(0, x.code(), x.out() + x.err());
        assertTrue(x.out().contains("bit for bit"), x.out());
        JsonNode design = JSON.readTree(pkg.resolve("design.json").toFile());
        assertTrue(design.has("fixedPoint"), "the experiment's fixed point");
        JsonNode manifest = JSON.readTree(pkg.resolve("vectors/manifest.json").toFile());
        long multipliers = 0;
        for (JsonNode t : manifest.path("tensors")) if (t.path("kind").asText().equals("multiplier")) multipliers++;
        assertEquals(9, multipliers, "every conv's BatchNorm node becomes its integer multiplier, fc has none");
        try (Stream<Path> files = Files.list(pkg.resolve("vectors"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("layer2_conv1.input.i2.npy")));
        }
        // ONNX Runtime on model.int.onnx (INT16 weights, the rounding in float32) gives the integer logits
        Npy.Array in = Npy.read(pkg.resolve("vectors/input.npy"));
        long[] want = Npy.readIntegers(pkg.resolve("vectors/logits.i2.npy")).values();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = env.createSession(pkg.resolve("model.int.onnx").toString(), o);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.values()), in.shape());
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
            short[][] got = (short[][]) r.get(0).getValue();
            for (int i = 0; i < got.length; i++) {
                for (int k = 0; k < got[i].length; k++) assertEquals(want[i * got[i].length + k], got[i][k], "image " + i + " logit " + k);
            }
        }
        // the package's model.onnx keeps the BatchNorm nodes of the experiment's file, its convs pruned
        assertEquals(OnnxImport.read(resnet).network().nodesOf(Op.BatchNorm.class).size(),
                OnnxImport.read(pkg.resolve("model.onnx")).network().nodesOf(Op.BatchNorm.class).size());
    }

    @Test
    void anOpWithoutAnIntegerRuleGivesTheFloatPackageAndNamesTheNode() throws Exception {
        Path results = search("lenet-sigmoid", lenetSigmoid);
        Path pkg = dir.resolve("pkg-sigmoid");
        int trial = pruning(results, "tw.conv2", -1);
        CliHarness.Result x = CliHarness.run("export", results.toString(), "--trial", "" + trial, "--out", pkg.toString(), "--verify");
        assertEquals(0, x.code(), x.out() + x.err());
        String sigmoid = OnnxImport.read(lenetSigmoid).network().nodes().stream().filter(n -> n.op() instanceof Op.Activation)
                .findFirst().orElseThrow().name();
        assertTrue(x.err().contains("no integer vectors") && x.err().contains("node " + sigmoid + " (sigmoid)"), x.err());
        assertTrue(x.out().contains("verified:"), "the float package is checked: " + x.out());
        assertTrue(Files.isRegularFile(pkg.resolve("vectors/conv2.input.npy")), "float vectors");
        assertFalse(Files.exists(pkg.resolve("vectors/conv2.input.i2.npy")), "no integer vectors");
        assertTrue(JSON.readTree(pkg.resolve("design.json").toFile()).path("noInteger").asText().contains(sigmoid));
    }
}
