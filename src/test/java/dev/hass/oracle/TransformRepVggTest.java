package dev.hass.oracle;

import ai.djl.ndarray.NDManager;
import dev.hass.nn.Checkpoints;
import dev.hass.nn.Evaluation;
import dev.hass.nn.FashionMnist;
import dev.hass.nn.ModelTrainer;
import dev.hass.nn.Quantizer;
import dev.hass.nn.TrainingConfig;
import dev.hass.nn.TrainingProgress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** repvgg_small briefly trained on real images: transform needs --fuse and writes a loadable deploy-form checkpoint. */
@Tag("slow")
class TransformRepVggTest {
    @TempDir
    Path tmp;

    @Test
    void fusedRepVggIsTransformedAndItsCheckpointLoadsInDeployForm() {
        Path dir = FashionMnist.resolveDir(null);
        assumeTrue(Files.isRegularFile(dir.resolve(FashionMnist.FILES[0])),
                "Fashion-MNIST not installed at " + dir + " (apt-get install dataset-fashion-mnist)");
        FashionMnist full = FashionMnist.load(dir);
        FashionMnist data = new FashionMnist(full.train().head(700), full.test().head(100), full.fingerprint(), dir);
        Path ckpt = tmp.resolve("repvgg");
        ModelTrainer.train(new TrainingConfig("repvgg_small", ckpt, dir, 1, 64, 3e-3, 3, 100, 100, false), data, TrainingProgress.NONE);
        try (DjlAccuracyOracle oracle = DjlAccuracyOracle.open(new OracleConfig("repvgg_small", ckpt, dir, 100, 100, 3, 100, 1e-3), data)) {
            String first = oracle.layers().get(1).name();
            Thresholds t = new Thresholds(Map.of(first, 0.02), Map.of());
            var noFuse = new Transform.Options(t, null, null, false, 100);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transform.run(oracle, noFuse, tmp.resolve("a")));
            assertTrue(e.getMessage().contains("--fuse"), e.getMessage());

            Quantizer w = new Quantizer(16, 12);
            Path out = tmp.resolve("fused");
            Transform.Report r = Transform.run(oracle, new Transform.Options(t, w, null, true, 100), out);
            assertTrue(r.fused());
            assertTrue(r.layers().get(1).weightSparsity() > 0, "pruned after fusion");
            try (NDManager m = NDManager.newBaseManager()) {
                var loaded = Checkpoints.load(out, "repvgg_small", m);
                assertTrue(loaded.model().deployForm());
                for (float v : loaded.model().layers().get(1).weight().getArray().toFloatArray()) assertTrue(w.onGrid(v), "on grid: " + v);
                // float activations, no activation thresholds: the saved weights alone are the transformed model
                assertEquals(r.accuracyAfter(), Evaluation.accuracy(loaded.model(), oracle.validation(), 100, 100, m), 0.0);
            }

            // the default format fits each layer: fused kernels larger than the 2 integer bits of 16/14 lose fraction
            // bits instead of saturating, so every weight is within half a step of its layer's grid
            Quantizer hw = Quantizer.forWeights(16);
            Transform.Report fitted = Transform.run(oracle, new Transform.Options(t, hw, null, true, 100, true), tmp.resolve("fitted"));
            assertTrue(fitted.weightFormat().contains("fitted per layer"), fitted.weightFormat());
            try (NDManager m = NDManager.newBaseManager()) {
                var loaded = Checkpoints.load(tmp.resolve("fitted"), "repvgg_small", m);
                for (Transform.LayerReport l : fitted.layers()) {
                    Quantizer f = Quantizer.parse(l.weightFormat());
                    assertEquals(16, f.bits(), l.name());
                    assertTrue(l.maxAbsError() <= 0.5 / f.scale() + 1e-9, l.name() + " " + f + ": error " + l.maxAbsError());
                    for (float v : loaded.model().layersByName().get(l.name()).weight().getArray().toFloatArray()) {
                        assertTrue(f.onGrid(v), l.name() + " on its grid " + f + ": " + v);
                    }
                }
            }
        }
    }
}
