package dev.hass.nn;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

@Tag("slow")
class ModelTrainerTest {
    @TempDir
    Path tmp;

    /** Random images with random labels: enough to check determinism, not accuracy. */
    static FashionMnist tiny(long seed) {
        Random r = new Random(seed);
        int n = 120;
        float[] px = new float[n * Images.PIXELS];
        int[] lab = new int[n];
        for (int i = 0; i < px.length; i++) px[i] = r.nextFloat() < 0.5 ? 0 : r.nextFloat();
        for (int i = 0; i < n; i++) lab[i] = r.nextInt(10);
        Images im = new Images(px, lab);
        return new FashionMnist(im, im.head(50), "0".repeat(64), Path.of("synthetic"));
    }

    @Test
    void sameSeedSameParametersOtherSeedOtherParameters() throws IOException {
        FashionMnist data = tiny(1);
        for (String run : new String[]{"a", "b", "c"}) {
            long seed = run.equals("c") ? 8 : 7;
            ModelTrainer.train(new TrainingConfig("lenet5", tmp.resolve(run), null, 1, 32, 1e-3, seed, 20, 30, false),
                    data, TrainingProgress.NONE);
        }
        byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(Checkpoints.PARAMETERS));
        byte[] b = Files.readAllBytes(tmp.resolve("b").resolve(Checkpoints.PARAMETERS));
        byte[] c = Files.readAllBytes(tmp.resolve("c").resolve(Checkpoints.PARAMETERS));
        assertArrayEquals(a, b, "same seed, same weights");
        assertFalse(java.util.Arrays.equals(a, c), "other seed, other weights");
        assertEquals(70, Checkpoints.readMetadata(tmp.resolve("a")).trainImages());
    }

    @Test
    void checkpointRoundTripKeepsThePredictions() {
        FashionMnist data = tiny(2);
        Path dir = tmp.resolve("rv");
        ModelTrainer.train(new TrainingConfig("repvgg_small", dir, null, 1, 32, 1e-3, 3, 20, 30, false), data, TrainingProgress.NONE);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            Checkpoints.Loaded l = Checkpoints.load(dir, "repvgg_small", m);
            assertEquals("training", l.metadata().form());
            double acc = Evaluation.accuracy(l.model(), data.test(), 50, 25, m);
            assertEquals(l.metadata().testAccuracy(), acc, 0.0, "the saved model scores what training reported");
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(dir, "lenet5", m));
            assertTrue(e.getMessage().contains("repvgg_small") && e.getMessage().contains("lenet5"), e.getMessage());
        }
        assertThrows(CheckpointException.class, () -> Checkpoints.readMetadata(tmp.resolve("none")));
    }
}
