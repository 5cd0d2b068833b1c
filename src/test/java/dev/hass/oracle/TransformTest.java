package dev.hass.oracle;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.cli.CliHarness;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.PrunableBlock;
import dev.hass.nn.Quantizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.hass.nn.TrainedLenet5;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shared lenet5 ({@link TrainedLenet5}: trained once per build on real Fashion-MNIST images), transformed. */
@Tag("slow")
class TransformTest {
    static final int CAL = 200, VAL = 500;
    static final long SEED = 5;
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static FashionMnist data;
    static Path checkpoint;
    static DjlAccuracyOracle oracle;

    @BeforeAll
    static void trainSmallLenet() {
        Path dir = FashionMnist.resolveDir(null);
        assumeTrue(Files.isRegularFile(dir.resolve(FashionMnist.FILES[0])),
                "Fashion-MNIST not installed at " + dir + " (apt-get install dataset-fashion-mnist)");
        FashionMnist full = FashionMnist.load(dir);
        data = new FashionMnist(full.train().head(4000), full.test().head(500), full.fingerprint(), dir);
        checkpoint = TrainedLenet5.checkpoint(); // shared, trained once per build; read only
        oracle = DjlAccuracyOracle.open(new OracleConfig("lenet5", checkpoint, dir, CAL, VAL, SEED, 128, 1e-3), data);
    }

    @AfterAll
    static void close() {
        if (oracle != null) oracle.close();
    }

    @Test
    void quantisedWeightsLieOnTheGridWithinHalfAStepAndAccuracyIsReported() {
        Quantizer w = new Quantizer(8, 6), a = new Quantizer(8, 4);
        Thresholds t = new Thresholds(Map.of("conv2", 0.05, "fc1", 0.02), Map.of("conv2", 0.3));
        Path out = tmp.resolve("q8");
        Transform.Report r = Transform.run(oracle, new Transform.Options(t, w, a, false, VAL), out);
        assertEquals(oracle.denseAccuracy(), r.accuracyBefore(), 0.0, "before = the dense float model on the same images");
        assertTrue(r.accuracyBefore() > 0.6, "trained: " + r.accuracyBefore());
        assertTrue(r.accuracyAfter() > 0.5 && r.accuracyAfter() <= 1, "after: " + r.accuracyAfter());
        assertEquals("8/6", r.weightFormat());
        assertEquals(5, r.layers().size());
        for (Transform.LayerReport l : r.layers()) {
            assertTrue(l.maxAbsError() > 0, l.name() + ": float weights are off the 8/6 grid");
            assertTrue(l.maxAbsError() <= 0.5 / 64 + 1e-7, l.name() + " max error " + l.maxAbsError() + " > half an LSB");
            assertTrue(l.meanAbsError() <= l.maxAbsError());
        }
        try (NDManager m = NDManager.newBaseManager()) {
            var loaded = Checkpoints.load(out, "lenet5", m);
            assertEquals("deploy", loaded.metadata().form());
            assertEquals(r.accuracyAfter(), loaded.metadata().validationAccuracy(), 0.0);
            for (PrunableBlock b : loaded.model().layers()) {
                for (float v : b.weight().getArray().toFloatArray()) assertTrue(w.onGrid(v), b.name() + ": " + v + " not on the 8/6 grid");
            }
        }
        assertTrue(Files.isRegularFile(out.resolve(Transform.REPORT)));
    }

    @Test
    void pruningMakesExactlyTheFractionUnderTauZero() {
        double tau = 0.04;
        float[] orig;
        try (NDManager m = NDManager.newBaseManager()) {
            orig = Checkpoints.load(checkpoint, "lenet5", m).model().layersByName().get("conv2").weight().getArray().toFloatArray();
        }
        long under = 0;
        for (float v : orig) if (Math.abs(v) < tau) under++;
        assertTrue(under > 0 && under < orig.length, "τ splits the weights: " + under + "/" + orig.length);
        Path out = tmp.resolve("pruned");
        Transform.Report r = Transform.run(oracle, new Transform.Options(
                new Thresholds(Map.of("conv2", tau), Map.of()), null, null, false, VAL), out);
        Transform.LayerReport conv2 = r.layers().stream().filter(l -> l.name().equals("conv2")).findFirst().orElseThrow();
        assertEquals((double) under / orig.length, conv2.weightSparsity(), 1e-12);
        assertEquals(0.0, conv2.maxAbsError(), 0.0, "float weights: no quantisation error");
        assertEquals(r.accuracyPruned(), r.accuracyAfter(), 0.0, "nothing after pruning changes the model");
        try (NDManager m = NDManager.newBaseManager()) {
            float[] w = Checkpoints.load(out, "lenet5", m).model().layersByName().get("conv2").weight().getArray().toFloatArray();
            long zeros = 0;
            for (int i = 0; i < w.length; i++) {
                if (w[i] == 0) zeros++;
                else assertEquals(orig[i], w[i], 0.0, "kept weights unchanged");
            }
            assertEquals(under, zeros);
        }
    }

    @Test
    void commandWritesTheReportAndRejectsBadInputWithExit2() throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(Path.of("experiments", "quickstart.json").toFile());
        ((ObjectNode) e.get("model")).put("checkpoint", checkpoint.toString());
        ((ObjectNode) e.get("training")).put("seed", SEED);
        Path exp = tmp.resolve("exp.json");
        JSON.writeValue(exp.toFile(), e);
        Path th = tmp.resolve("th.json");
        Files.writeString(th, "{\"tw.conv2\": 0.05, \"ta.fc1\": 0.2}");

        Path out = tmp.resolve("cli");
        CliHarness.Result ok = CliHarness.run("transform", exp.toString(), "--thresholds", th.toString(), "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("before") && ok.out().contains("after") && ok.out().contains("fc3"), ok.out());
        JsonNode rep = JSON.readTree(out.resolve(Transform.REPORT).toFile());
        assertEquals("16/14 (integer bits fitted per layer)", rep.get("weightFormat").asText(),
                "default: weightWidth 16, 14 fraction bits where the layer's weights allow");
        for (JsonNode l : rep.get("layers")) {
            Quantizer f = Quantizer.parse(l.get("weightFormat").asText());
            assertTrue(f.bits() == 16 && f.fractionBits() <= 14, l.toString());
        }
        assertEquals("16/8", rep.get("activationFormat").asText(), "default: dataWidth 16, 8 fraction bits");
        assertTrue(rep.get("layers").get(1).get("weightSparsity").asDouble() > 0, "conv2 pruned");

        CliHarness.Result again = CliHarness.run("transform", exp.toString(), "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains(out.toString()) && again.err().contains("exists"), again.err());

        CliHarness.Result bad = CliHarness.run("transform", exp.toString(), "--quantize", "16-8,16/8", "--out", tmp.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("16-8") && bad.err().contains("W/F"), bad.err());
        CliHarness.Result one = CliHarness.run("transform", exp.toString(), "--quantize", "16/8", "--out", tmp.resolve("y").toString());
        assertEquals(2, one.code());
        assertTrue(one.err().contains("W/F,A/F"), one.err());
        assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("y")), "nothing written on bad input");
    }
}
