package dev.hass.export;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hass.experiment.Experiments;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.TrainingProgress;
import dev.hass.oracle.OracleConfig;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.TrialState;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integer package of a network with BatchNorm, residual additions and a global average pool: resnet8,
 * trained one short epoch on real Fashion-MNIST (lenet5, in {@link ExportTest}, has none of these). The integer
 * reference must reproduce the exported vectors bit for bit (BatchNorm as per-channel multiplier and shift, the
 * shortcut added exactly, the average divided once at the rounding), and agree with the oracle's own fixed-point
 * values; ONNX Runtime on model.int.onnx (INT16 weights, the same rounding in float32) must give the integer logits.
 */
@Tag("slow")
class FixedPointExportTest {
    static final int CAL = 100, VAL = 200, IMAGES = 4;
    static final long SEED = 3;
    @TempDir static Path tmp;
    static Path pkg;
    static ExportService.Result result;

    @BeforeAll
    static void trainAndExport() throws Exception {
        Path dir = FashionMnist.resolveDir(null);
        assumeTrue(Files.isRegularFile(dir.resolve(FashionMnist.FILES[0])), "Fashion-MNIST not installed at " + dir);
        FashionMnist full = FashionMnist.load(dir);
        FashionMnist data = new FashionMnist(full.train().head(1500), full.test().head(200), full.fingerprint(), dir);
        Path ckpt = tmp.resolve("resnet8");
        ModelTrainer.train(new TrainingConfig("resnet8", ckpt, dir, 1, 64, 3e-3, SEED, CAL, VAL, false), data, TrainingProgress.NONE);

        Path results = Files.createDirectories(tmp.resolve("results"));
        String json = "{\"name\":\"r8\",\"model\":{\"architecture\":\"resnet8\",\"checkpoint\":\"" + ckpt + "\"},"
                + "\"dataset\":{\"calibrationImages\":" + CAL + ",\"validationImages\":" + VAL + "},"
                + "\"training\":{\"seed\":" + SEED + ",\"batchSize\":64},"
                + "\"hardware\":{\"platform\":\"zcu102\",\"batch\":1},"
                + "\"oracle\":{\"fineTuneSteps\":0,\"evaluationImages\":100},"
                + "\"output\":\"" + results + "\"}";
        Files.writeString(results.resolve(ResultsFiles.EXPERIMENT), json);
        var e = Experiments.load(results.resolve(ResultsFiles.EXPERIMENT), Map.of());
        Map<String, Double> params = new LinkedHashMap<>();
        for (String l : List.of("conv1", "layer1_conv1", "layer1_conv2", "layer2_conv1", "layer2_conv2", "layer2_shortcut",
                "layer3_conv1", "layer3_conv2", "layer3_shortcut", "fc")) {
            params.put("tw." + l, 0.02);
            if (!l.equals("conv1")) params.put("ta." + l, 0.05);
        }
        try (TrialLog log = TrialLog.open(results.resolve(TrialLog.FILE))) {
            log.append(new Trial(0, "manual", 0, 0, TrialState.COMPLETE, params, Map.of(), Map.of(), null, null,
                    "2026-01-01T00:00:00.000000", "2026-01-01T00:00:01.000000", 0, 0, null));
        }
        pkg = tmp.resolve("pkg");
        ExportService.Plan plan = ExportService.plan(results, new ExportService.Selection.Number(0), pkg);
        OracleConfig cfg = new OracleConfig("resnet8", ckpt, dir, CAL, VAL, SEED, 64, 1e-3).atWidths(16, 16);
        assertEquals(e.name(), plan.experiment().name());
        result = ExportService.export(plan, cfg, IMAGES, true);
        result.verify().checks().forEach(c -> System.err.println("FixedPointExportTest: ok  " + c));
        result.agreement().forEach(a -> System.err.println("FixedPointExportTest: " + a));
    }

    @Test
    void integerReferenceReproducesResnet8BitForBit() throws Exception {
        assertTrue(result.verify().ok(), result.verify().problems().toString());
        assertTrue(result.verify().checks().stream().anyMatch(c -> c.contains("bit for bit")), result.verify().checks().toString());
        JsonNode design = ExportService.JSON.readTree(pkg.resolve("design.json").toFile());
        int withMultiplier = 0;
        for (JsonNode l : design.path("layers")) if (!l.path("fixedPoint").path("multiplier").isNull()) withMultiplier++;
        assertEquals(9, withMultiplier, "every conv of resnet8 has a BatchNorm multiplier, fc has none");
        // against the oracle's own float32 fixed-point values: equal but for float32 rounding at a rounding boundary
        long values = 0, equal = 0;
        for (FixedPointPackage.Agreement a : result.agreement()) {
            values += a.values();
            equal += a.equal();
            assertTrue(a.maxLsb() <= 2, a.toString());
        }
        assertTrue(equal >= 0.995 * values, equal + " of " + values + " equal the oracle's");
        assertEquals(IMAGES, result.top1());
    }

    @Test
    void onnxRuntimeOnModelIntOnnxGivesTheIntegerLogits() throws Exception {
        int[] equalOf = ortAgainstIntegerLogits(pkg);
        System.err.printf("FixedPointExportTest: ONNX Runtime on model.int.onnx: %d of %d integer logits equal%n", equalOf[0], equalOf[1]);
        assertEquals(equalOf[1], equalOf[0]);
    }

    /** Runs model.int.onnx in ONNX Runtime on vectors/input.npy; {equal, total} against vectors/logits.i2.npy. */
    static int[] ortAgainstIntegerLogits(Path pkg) throws Exception {
        Npy.Array in = Npy.read(pkg.resolve("vectors/input.npy"));
        long[] want = Npy.readIntegers(pkg.resolve("vectors/logits.i2.npy")).values();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = env.createSession(pkg.resolve("model.int.onnx").toString(), o);
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.values()), in.shape());
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), x))) {
            short[][] got = (short[][]) r.get(QuantizedOnnx.OUTPUT).orElseThrow().getValue();
            int equal = 0, classes = got[0].length;
            for (int i = 0; i < got.length; i++) for (int k = 0; k < classes; k++) if (got[i][k] == want[i * classes + k]) equal++;
            return new int[] {equal, want.length};
        }
    }
}
