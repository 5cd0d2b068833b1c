package dev.hass.oracle;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hass.export.ExportService;
import dev.hass.nn.DatasetException;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ImageTensors;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.Quantizer;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.TrainingProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our own networks, trained briefly on real Fashion-MNIST and written as ONNX (each BatchNorm a node after its conv,
 * as {@code hass export} writes them): the ONNX oracle must agree with the DJL oracle on the same images and
 * thresholds, weight thresholds included.
 */
@Tag("slow") // trains a LeNet-5 and a ResNet-8
class OnnxAccuracyOracleTest {
    static final int CAL = 200, VAL = 500;
    static final long SEED = 11;
    @TempDir
    static Path tmp;
    static FashionMnist data;
    static final Map<String, DjlAccuracyOracle> djl = new HashMap<>();
    static final Map<String, OnnxAccuracyOracle> onnx = new HashMap<>();
    /** the same oracles at the accelerator's 16-bit fixed point */
    static final Map<String, DjlAccuracyOracle> djlFixed = new HashMap<>();
    static final Map<String, OnnxAccuracyOracle> onnxFixed = new HashMap<>();

    @BeforeAll
    static void trainAndExport() throws IOException {
        Path dir = FashionMnist.resolveDir(null);
        assumeTrue(Files.isRegularFile(dir.resolve(FashionMnist.FILES[0])), "Fashion-MNIST not installed at " + dir);
        FashionMnist full = FashionMnist.load(dir);
        data = new FashionMnist(full.train().head(4000), full.test().head(1000), full.fingerprint(), dir);
        for (String arch : List.of("lenet5", "resnet8")) {
            Path ckpt = tmp.resolve(arch);
            ModelTrainer.train(new TrainingConfig(arch, ckpt, dir, 1, 64, 3e-3, SEED, CAL, VAL, false), data, TrainingProgress.NONE);
            OracleConfig config = new OracleConfig(arch, ckpt, dir, CAL, VAL, SEED, 128, 1e-3);
            DjlAccuracyOracle d = DjlAccuracyOracle.open(config, data);
            djl.put(arch, d);
            Path file = tmp.resolve(arch + ".onnx");
            ExportService.writeDenseOnnx(d, file);
            onnx.put(arch, OnnxAccuracyOracle.open(file, OnnxOracleData.of(data, CAL, VAL, SEED), 128));
            djlFixed.put(arch, DjlAccuracyOracle.open(config.atWidths(16, 16), data));
            onnxFixed.put(arch, OnnxAccuracyOracle.open(file, OnnxOracleData.of(data, CAL, VAL, SEED), 128,
                    Quantizer.forWeights(16), Quantizer.forActivations(16)));
        }
    }

    @AfterAll
    static void close() {
        djl.values().forEach(DjlAccuracyOracle::close);
        onnx.values().forEach(OnnxAccuracyOracle::close);
        djlFixed.values().forEach(DjlAccuracyOracle::close);
        onnxFixed.values().forEach(OnnxAccuracyOracle::close);
    }

    /** τ_w on every layer, τ_a on every layer that has one. */
    static Thresholds uniform(AccuracyOracle o, double tw, double ta) {
        Map<String, Double> w = new LinkedHashMap<>(), a = new LinkedHashMap<>();
        for (PrunableLayer l : o.layers()) {
            w.put(l.name(), tw);
            if (l.hasActivationThreshold()) a.put(l.name(), ta);
        }
        return new Thresholds(w, a);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet8"})
    void sameLayersAndTheSameDenseTop1CountAsTheDjlOracle(String arch) {
        DjlAccuracyOracle d = djl.get(arch);
        OnnxAccuracyOracle o = onnx.get(arch);
        assertEquals(d.layers(), o.layers(), "names, kinds, shapes, which layers have an activation threshold");
        assertTrue(d.denseAccuracy() > 0.5, arch + " trained: " + d.denseAccuracy());
        assertEquals(Math.round(d.denseAccuracy() * VAL), Math.round(o.denseAccuracy() * VAL),
                arch + ": DJL " + d.denseAccuracy() + " vs ONNX " + o.denseAccuracy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet8"})
    void thresholdedCandidatesGiveTheDjlOraclesAccuracyAndHistograms(String arch) {
        // τ_a > 0 everywhere: the histograms agree to 1e-6. With τ_a = 0 a layer's zeros are its ReLU's exact zeros,
        // and a pre-ReLU value within float rounding of 0 (libtorch and ONNX Runtime sum in different orders) may be
        // 0 in one engine and 1e-8 in the other: there a row may differ by a window or two (measured: one window of
        // one row of resnet8's layer3_conv1 at τ_w 0.1), so that set is held to 1e-4 per row
        sameAsTheDjlOracle(djl.get(arch), onnx.get(arch), arch + " float", new double[][]{{0.02, 0.1}, {0.05, 0.4}, {0.03, 1.0}, {0.1, 0.0}}, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "resnet8"})
    void atFixedPointTooTheOnnxOracleGivesTheDjlOraclesAccuracyAndHistograms(String arch) {
        // weights rounded to 16 bits (integer bits fitted per layer) and every layer input to Q8.8 in both oracles. A value
        // whose float32 sum lands within rounding noise of a rounding boundary may round one LSB apart in the two engines
        // (the DJL export measures such values against its own integer reference too) and the LSB travels on: in resnet8
        // one of 627 200 inputs of layer3_conv2 then falls on the other side of τ_a (measured), which moves the windows
        // that read it, up to K² of them. lenet5 agrees exactly; resnet8 is held to a few such values
        assertEquals(Math.round(djlFixed.get(arch).denseAccuracy() * VAL), Math.round(onnxFixed.get(arch).denseAccuracy() * VAL), arch);
        sameAsTheDjlOracle(djlFixed.get(arch), onnxFixed.get(arch), arch + " 16/16", new double[][]{{0.02, 0.1}, {0.05, 0.4}, {0.03, 1.0}},
                arch.equals("lenet5") ? 1e-6 : 2e-3);
    }

    /** Same top-1 count, weight sparsities and (within {@code tolerance}, 1e-4 where τ_a = 0) histograms. */
    private static void sameAsTheDjlOracle(DjlAccuracyOracle d, OnnxAccuracyOracle o, String arch, double[][] sets, double tolerance) {
        // resnet8's convs are followed by BatchNorm: the exported file keeps it as a node of its own, so a weight
        // threshold prunes the same conv weights w as in the DJL oracle (not w·γ/σ)
        for (double[] t : sets) {
            double rowTolerance = t[1] > 0 ? tolerance : Math.max(tolerance, 1e-4);
            double worst = 0, worstSparsity = 0;
            int rows = 0, differing = 0;
            Thresholds th = uniform(o, t[0], t[1]);
            OracleResult a = d.evaluateUncached(th, new Fidelity(0, VAL));
            OracleResult b = o.evaluateUncached(th, new Fidelity(0, VAL));
            String what = arch + " τ_w " + t[0] + " τ_a " + t[1];
            assertEquals(Math.round(a.accuracy() * VAL), Math.round(b.accuracy() * VAL), what + ": the same top-1 count");
            assertTrue(a.layers().values().stream().anyMatch(x -> x.weightSparsity() > 0.05) || t[0] == 0, what + ": τ_w prunes");
            assertEquals(a.layers().keySet(), b.layers().keySet());
            for (String l : a.layers().keySet()) {
                LayerSparsity x = a.layers().get(l), y = b.layers().get(l);
                assertEquals(x.weightSparsity(), y.weightSparsity(), 0.0, what + " " + l + " weights");
                assertEquals(x.activationSparsity(), y.activationSparsity(), rowTolerance, what + " " + l + " activations");
                assertEquals(x.productSparsity(), y.productSparsity(), rowTolerance, what + " " + l + " products");
                worstSparsity = Math.max(worstSparsity, Math.abs(x.activationSparsity() - y.activationSparsity()));
                if (x.histogram() == null) {
                    assertNull(y.histogram());
                    continue;
                }
                assertEquals(x.histogram().length, y.histogram().length);
                for (int c = 0; c < x.histogram().length; c++) {
                    assertArrayEquals(x.histogram()[c], y.histogram()[c], rowTolerance, what + " " + l + " histogram row " + c);
                    double row = 0;
                    for (int k = 0; k < x.histogram()[c].length; k++) row = Math.max(row, Math.abs(x.histogram()[c][k] - y.histogram()[c][k]));
                    worst = Math.max(worst, row);
                    rows++;
                    if (row > 1e-6) differing++;
                }
            }
            System.out.printf("%s: top-1 %d = %d of %d, largest histogram difference %.2g (%d of %d rows > 1e-6),"
                    + " largest activation sparsity difference %.2g%n", what, Math.round(a.accuracy() * VAL),
                    Math.round(b.accuracy() * VAL), VAL, worst, differing, rows, worstSparsity);
            if (t[1] > 0) {
                String second = o.layers().get(1).name();
                assertTrue(b.layers().get(second).activationSparsity() > o.evaluateUncached(uniform(o, t[0], 0), new Fidelity(0, 1))
                        .layers().get(second).activationSparsity(), what + ": the threshold zeroes activations");
            }
        }
    }

    @Test
    void speedAgainstTheDjlOracle() {
        for (String arch : List.of("lenet5", "resnet8")) {
            for (boolean fixed : new boolean[]{false, true}) {
                DjlAccuracyOracle d = (fixed ? djlFixed : djl).get(arch);
                OnnxAccuracyOracle o = (fixed ? onnxFixed : onnx).get(arch);
                double[] s = new double[2];
                int n = 5;
                for (int i = 0; i < n; i++) {
                    Thresholds th = uniform(o, 0.01 * (i + 1), 0.05 * i);
                    s[0] += d.evaluateUncached(th, new Fidelity(0, VAL)).seconds();
                    s[1] += o.evaluateUncached(th, new Fidelity(0, VAL)).seconds();
                }
                System.out.printf("oracle speed %s %s (%d val + %d calibration images): DJL %.3f s, ONNX Runtime %.3f s per candidate,"
                        + " ONNX/DJL time %.2f%n", arch, fixed ? "16/16" : "float", VAL, CAL, s[0] / n, s[1] / n, s[1] / s[0]);
                assertTrue(s[1] > 0 && s[0] > 0);
            }
        }
    }

    @Test
    void aFileWithFpgaConvNetsHistogramAttributesRunsTheSame() throws IOException {
        // hass export writes channel_sparsity_hist on every Conv, an attribute ONNX Runtime refuses: the rewrite drops it
        Path dense = tmp.resolve("lenet5.onnx"), withHist = tmp.resolve("lenet5-hist.onnx");
        dev.hass.hardware.graph.Network net = dev.hass.hardware.onnx.OnnxImport.read(dense).network();
        dev.hass.hardware.onnx.OnnxExport.write(withHist, net, dev.hass.hardware.dse.Dse.uniform(net, 0.5),
                dev.hass.hardware.onnx.OnnxExport.readInitializers(dense));
        assertEquals(2, dev.hass.hardware.onnx.OnnxImport.read(withHist).histograms().size(), "both convs carry histograms");
        try (OnnxAccuracyOracle o = OnnxAccuracyOracle.open(withHist, OnnxOracleData.of(data, CAL, VAL, SEED), 128)) {
            assertEquals(onnx.get("lenet5").denseAccuracy(), o.denseAccuracy(), 0.0);
        }
    }

    @Test
    void fineTuningAnOnnxNetworkIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> onnx.get("lenet5").evaluate(Thresholds.none(), new Fidelity(5, VAL)));
        assertTrue(e.getMessage().contains("post-training"), e.getMessage());
    }

    @Test
    void imagesOrClassesThatDoNotFitTheNetworkAreNamed() {
        Path file = tmp.resolve("lenet5.onnx");
        OnnxOracleData ok = OnnxOracleData.of(data, CAL, VAL, SEED);
        OnnxOracleData sevenClasses = new OnnxOracleData(ok.validation(), ok.calibration(), null,
                List.of("a", "b", "c", "d", "e", "f", "g"), "/data/seven");
        DatasetException e = assertThrows(DatasetException.class, () -> OnnxAccuracyOracle.open(file, sevenClasses, 128));
        assertTrue(e.getMessage().contains("/data/seven: 7 classes [a, b, c, d, e, f, g] but " + file + " outputs 10 scores"), e.getMessage());
        ImageTensors v = ok.validation();
        ImageTensors small = new ImageTensors(new float[v.count() * 14 * 14], v.labels(), 1, 14, 14, List.of());
        e = assertThrows(DatasetException.class, () -> OnnxAccuracyOracle.open(file,
                new OnnxOracleData(small, small, null, ok.classes(), "/data/small"), 128));
        assertTrue(e.getMessage().contains("/data/small: the images are 1×14×14 (C×H×W) but " + file + " takes 1×28×28; set dataset.size to [28, 28]"),
                e.getMessage());
    }
}
