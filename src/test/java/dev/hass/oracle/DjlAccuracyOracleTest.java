package dev.hass.oracle;

import ai.djl.ndarray.NDManager;
import dev.hass.nn.CheckpointException;
import dev.hass.nn.CheckpointMetadata;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.Evaluation;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.PrunableBlock;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.TrainingProgress;
import dev.hass.nn.TrainedLenet5;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The oracle on the shared lenet5 ({@link TrainedLenet5}: a few hundred steps on a real Fashion-MNIST subset).
 */
@Tag("slow")
class DjlAccuracyOracleTest {
    static final int CAL = TrainedLenet5.CAL, VAL = TrainedLenet5.VAL;
    static final long SEED = TrainedLenet5.SEED;
    static FashionMnist data;
    static CheckpointMetadata meta;
    static Path checkpoint;
    static DjlAccuracyOracle oracle;

    @BeforeAll
    static void trainSmallLenet() {
        // the shared model: lenet5, 2 epochs on the first 6000 training images (trained once per build)
        data = TrainedLenet5.data();
        checkpoint = TrainedLenet5.checkpoint();
        meta = TrainedLenet5.metadata();
        oracle = DjlAccuracyOracle.open(config(), data);
    }

    static OracleConfig config() {
        return new OracleConfig("lenet5", checkpoint, data.dir(), CAL, VAL, SEED, 128, 1e-3);
    }

    @AfterAll
    static void close() {
        if (oracle != null) oracle.close();
    }

    @Test
    void trainingWritesACheckpointWithMetadataAndRefusesToOverwrite() {
        assertEquals("lenet5", meta.architecture());
        assertEquals(SEED, meta.seed());
        assertEquals(6000 - CAL - VAL, meta.trainImages());
        assertTrue(meta.dataFingerprint().matches("[0-9a-f]{64}"), meta.dataFingerprint());
        assertTrue(meta.testAccuracy() > 0.6, "test accuracy " + meta.testAccuracy());
        assertTrue(Files.isRegularFile(checkpoint.resolve(Checkpoints.METADATA)));
        var again = new TrainingConfig("lenet5", checkpoint, data.dir(), 1, 64, 1e-3, SEED, CAL, VAL, false);
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelTrainer.train(again, data, TrainingProgress.NONE));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
    }

    @Test
    void denseAccuracyIsWellAboveChanceAndEqualsTheUnthresholdedCandidate() {
        assertTrue(oracle.denseAccuracy() > 0.6, "dense accuracy " + oracle.denseAccuracy());
        OracleResult r = oracle.evaluateUncached(Thresholds.none(), new Fidelity(0, VAL));
        assertEquals(oracle.denseAccuracy(), r.accuracy(), 0.0);
        assertEquals(java.util.List.of("conv1", "conv2", "fc1", "fc2", "fc3"), oracle.layers().stream().map(PrunableLayer::name).toList());
        for (LayerSparsity s : r.layers().values()) {
            if (s.histogram() == null) continue;
            for (double[] row : s.histogram()) assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-9);
        }
    }

    @Test
    void masksReachExactlyTheThresholdSparsityAndSurviveFineTuning() {
        Map<String, Double> tw = Map.of("conv1", 0.05, "conv2", 0.04, "fc1", 0.03, "fc2", 0.05, "fc3", 0.05);
        Thresholds t = new Thresholds(tw, Map.of());
        OracleResult oneShot = oracle.evaluateUncached(t, new Fidelity(0, 500));
        OracleResult tuned = oracle.evaluateUncached(t, new Fidelity(10, 500));
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoints.Loaded l = Checkpoints.load(checkpoint, "lenet5", m);
            for (PrunableBlock b : l.model().layers()) {
                float[] w = b.weight().getArray().toFloatArray();
                long below = 0;
                for (float v : w) if (Math.abs(v) < tw.get(b.name())) below++;
                double want = below / (double) w.length;
                assertTrue(want > 0.05, b.name() + " threshold prunes something");
                assertEquals(want, oneShot.layers().get(b.name()).weightSparsity(), 0.0, b.name());
                assertEquals(want, tuned.layers().get(b.name()).weightSparsity(), 0.0, b.name() + " after fine-tuning");
            }
        }
        // fine-tuning moved the kept weights (and only those: the sparsities above are exact)
        float[] before = oracle.inspect(t, new Fidelity(0, 500), (m, scope) -> m.layers().get(1).weight().getArray().toFloatArray());
        float[] after = oracle.inspect(t, new Fidelity(10, 500), (m, scope) -> m.layers().get(1).weight().getArray().toFloatArray());
        assertFalse(java.util.Arrays.equals(before, after), "fine-tuning changed the model");
    }

    @Test
    void histogramImagesMeasureTheStatisticsOnTheHeadOfTheCalibrationSubsetAndLeaveAccuracyAlone() {
        Thresholds t = uniform(0.03, 0.2);
        int head = 50;
        OracleResult all = oracle.evaluateUncached(t, new Fidelity(0, 300));
        OracleResult few = oracle.evaluateUncached(t, new Fidelity(0, 300, 0, head));
        assertEquals(all.accuracy(), few.accuracy(), 0.0);
        // the same statistics as profiling the first 50 calibration images directly
        Map<String, dev.hass.sparsity.LayerProfile> direct = oracle.inspect(t, new Fidelity(0, 300),
                (m, scope) -> dev.hass.sparsity.SparsityProfiler.profile(m, oracle.calibration().head(head), 128, scope));
        for (PrunableLayer l : oracle.layers()) {
            assertEquals(direct.get(l.name()).activationSparsity(), few.layers().get(l.name()).activationSparsity(), 1e-12, l.name());
            assertEquals(direct.get(l.name()).productSparsity(), few.layers().get(l.name()).productSparsity(), 1e-12, l.name());
        }
        assertNotEquals(all.layers().get("conv2").activationSparsity(), few.layers().get("conv2").activationSparsity());
        // more than the subset holds is all of it
        assertArrayEquals(all.layers().get("conv2").histogram(),
                oracle.evaluateUncached(t, new Fidelity(0, 300, 0, CAL + 1000)).layers().get("conv2").histogram());
        assertThrows(IllegalArgumentException.class, () -> new Fidelity(0, 300, 0, -1));
    }

    @Test
    void largerWeightThresholdsGiveMoreWeightSparsityAndActivationThresholdsMoreActivationSparsity() {
        OracleResult low = oracle.evaluateUncached(uniform(0.01, 0.0), new Fidelity(0, 300));
        OracleResult high = oracle.evaluateUncached(uniform(0.05, 0.5), new Fidelity(0, 300));
        for (PrunableLayer l : oracle.layers()) {
            assertTrue(high.layers().get(l.name()).weightSparsity() > low.layers().get(l.name()).weightSparsity(), l.name());
            assertTrue(high.layers().get(l.name()).productSparsity() > low.layers().get(l.name()).productSparsity(), l.name());
            if (l.hasActivationThreshold()) {
                assertTrue(high.layers().get(l.name()).activationSparsity() > low.layers().get(l.name()).activationSparsity(), l.name());
            }
        }
    }

    @Test
    void repeatedEvaluationsGiveTheSameResultAndNothingAccumulates() {
        Thresholds a = uniform(0.03, 0.2), b = uniform(0.08, 0.8);
        Fidelity f = new Fidelity(5, 300);
        OracleResult a1 = oracle.evaluateUncached(a, f);
        OracleResult b1 = oracle.evaluateUncached(b, f);
        OracleResult a2 = oracle.evaluateUncached(a, f);
        assertNotEquals(a1.layers().get("conv2").productSparsity(), b1.layers().get("conv2").productSparsity());
        assertSame(a1, a1);
        assertEquals(a1.accuracy(), a2.accuracy(), 0.0);
        for (String n : a1.layers().keySet()) {
            assertEquals(a1.layers().get(n).productSparsity(), a2.layers().get(n).productSparsity(), 0.0, n);
            assertEquals(a1.layers().get(n).activationSparsity(), a2.layers().get(n).activationSparsity(), 0.0, n);
        }
        assertArrayEquals(a1.layers().get("conv2").histogram(), a2.layers().get("conv2").histogram());
        assertEquals(oracle.denseAccuracy(), oracle.evaluateUncached(Thresholds.none(), new Fidelity(0, VAL)).accuracy(), 0.0);
        // a second oracle with the same seed reproduces the fine-tuned result
        try (DjlAccuracyOracle other = DjlAccuracyOracle.open(config(), data)) {
            OracleResult a3 = other.evaluate(a, f);
            assertEquals(a1.accuracy(), a3.accuracy(), 0.0);
            assertArrayEquals(a1.layers().get("conv2").histogram(), a3.layers().get("conv2").histogram());
        }
        assertSame(oracle.evaluate(b, f), oracle.evaluate(b, f), "cached");
    }

    @Test
    void theConcurrentHistogramPassSeesExactlyTheCandidateTheAccuracyPassScores() {
        // fine-tuned, thresholded and in fixed point: everything the mirror model must copy
        Thresholds t = uniform(0.04, 0.3);
        Fidelity f = new Fidelity(5, 300);
        try (DjlAccuracyOracle fixed = DjlAccuracyOracle.open(config().atWidths(16, 8), data)) {
            assertEquals(DjlAccuracyOracle.libtorchThreads() > 1, fixed.concurrentPasses());
            OracleResult r = fixed.evaluateUncached(t, f);
            // the same candidate, profiled one pass after the other on the model itself
            Map<String, dev.hass.sparsity.LayerProfile> own = fixed.inspect(t, f,
                    (m, scope) -> dev.hass.sparsity.SparsityProfiler.profile(m, fixed.calibration(), 128, scope));
            for (String n : own.keySet()) {
                assertEquals(own.get(n).weightSparsity(), r.layers().get(n).weightSparsity(), 0.0, n);
                assertEquals(own.get(n).activationSparsity(), r.layers().get(n).activationSparsity(), 0.0, n);
                assertEquals(own.get(n).productSparsity(), r.layers().get(n).productSparsity(), 0.0, n);
            }
            assertArrayEquals(own.get("conv2").histogram(), r.layers().get("conv2").histogram());
            double acc = fixed.inspect(t, f, (m, scope) -> Evaluation.accuracy(m, fixed.validation(), 300, 128, scope));
            assertEquals(acc, r.accuracy(), 0.0);
        }
    }

    @Test
    void testImagesAreScoredOnTheHeldOutTestFileOnlyWhenAskedAndLeaveTheValidationNumbersAlone() {
        // dense, no fine-tuning, the whole test file: exactly what the trainer measured on it
        OracleResult dense = oracle.evaluateUncached(Thresholds.none(), new Fidelity(0, VAL, data.test().count()));
        assertEquals(meta.testAccuracy(), dense.testAccuracy(), 0.0);
        assertEquals(oracle.denseAccuracy(), dense.accuracy(), 0.0);
        assertNotEquals(dense.accuracy(), dense.testAccuracy(), "validation and test are different images");
        assertNull(oracle.evaluateUncached(Thresholds.none(), new Fidelity(0, VAL)).testAccuracy(), "not asked: not measured");

        // a fine-tuned candidate: the test subset size is the one asked for, the validation side is unchanged
        Thresholds t = uniform(0.04, 0.3);
        int small = 150;
        OracleResult none = oracle.evaluateUncached(t, new Fidelity(5, VAL));
        OracleResult few = oracle.evaluateUncached(t, new Fidelity(5, VAL, small));
        OracleResult all = oracle.evaluateUncached(t, new Fidelity(5, VAL, data.test().count()));
        for (OracleResult r : java.util.List.of(few, all)) {
            assertEquals(none.accuracy(), r.accuracy(), 0.0, "validation accuracy must not depend on the test images");
            assertArrayEquals(none.layers().get("conv2").histogram(), r.layers().get("conv2").histogram());
        }
        assertEquals(Math.rint(few.testAccuracy() * small), few.testAccuracy() * small, 1e-9, "a count over " + small + " images");
        assertNotEquals(few.testAccuracy(), all.testAccuracy());
        // the same fine-tuned model scored directly on the first images of the test file
        double direct = oracle.inspect(t, new Fidelity(5, VAL),
                (m, scope) -> Evaluation.accuracy(m, data.test().head(small), Integer.MAX_VALUE, 128, scope));
        assertEquals(direct, few.testAccuracy(), 0.0);
        // deterministic, and clamped to the test file
        assertEquals(few.testAccuracy(), oracle.evaluateUncached(t, new Fidelity(5, VAL, small)).testAccuracy(), 0.0);
        assertEquals(all.testAccuracy(), oracle.evaluateUncached(t, new Fidelity(5, VAL, 1_000_000)).testAccuracy(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new Fidelity(0, VAL, -1));
    }

    @Test
    void unknownLayersAndThresholdsOnTheImageAreRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> oracle.evaluate(new Thresholds(Map.of("conv9", 0.1), Map.of()), new Fidelity(0, 10)));
        assertTrue(e.getMessage().contains("conv9") && e.getMessage().contains("fc3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> oracle.evaluate(new Thresholds(Map.of(), Map.of("conv1", 0.1)), new Fidelity(0, 10)));
    }

    static Thresholds uniform(double tw, double ta) {
        Map<String, Double> w = new LinkedHashMap<>(), a = new LinkedHashMap<>();
        for (PrunableLayer l : oracle.layers()) {
            w.put(l.name(), tw);
            if (l.hasActivationThreshold()) a.put(l.name(), ta);
        }
        return new Thresholds(w, a);
    }

    @Test
    void atTheHardwareWidthsTheOracleScoresTheFixedPointModel() {
        Fidelity f = new Fidelity(0, VAL);
        OracleResult floatResult = oracle.evaluateUncached(Thresholds.none(), f);
        try (DjlAccuracyOracle wide = DjlAccuracyOracle.open(config().atWidths(16, 16), data);
             DjlAccuracyOracle narrow = DjlAccuracyOracle.open(config().atWidths(3, 3), data)) {
            double at16 = wide.evaluateUncached(Thresholds.none(), f).accuracy();
            double at3 = narrow.evaluateUncached(Thresholds.none(), f).accuracy();
            // 16-bit fixed point is within a few images of float; 3 bits (steps of 1/2, activations
            // saturating at 3.5 with steps of 0.5) changes what the network computes
            assertEquals(floatResult.accuracy(), at16, 0.01, "16-bit accuracy vs float");
            assertNotEquals(floatResult.accuracy(), at3, "3-bit accuracy must differ from float");
            // quantisation is applied per candidate and undone after: the float oracle is unaffected
            assertEquals(floatResult.accuracy(), oracle.evaluateUncached(Thresholds.none(), f).accuracy());
            // rounding small weights to zero can only add weight sparsity
            double sparse16 = wide.evaluateUncached(Thresholds.none(), f).layers().get("conv2").weightSparsity();
            assertTrue(sparse16 >= floatResult.layers().get("conv2").weightSparsity());
        }
    }
}
