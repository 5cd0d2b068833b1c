package dev.hass.nn;

import ai.djl.ndarray.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void debug() {
        FashionMnist d = FashionMnist.load(FashionMnist.resolveDir(null));
        Images tr = d.train().head(5000);
        try (NDManager m = NDManager.newBaseManager()) {
            ZooModel model = Zoo.build("lenet5").initialize(m);
            Fitter f = new Fitter(model, 1e-3, m);
            Fitter.Batches b = new Fitter.Batches(java.util.stream.IntStream.range(0, 5000).toArray(), 64, 1);
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 20; i++) f.step(tr, b.next(), m);
                System.err.printf("20 steps %.3f s%n", (System.nanoTime() - t0) / 1e9);
            }
            long t0 = System.nanoTime();
            double acc = Evaluation.accuracy(model, tr, 1000, 128, m);
            System.err.printf("eval 1000 %.3f s acc %.3f%n", (System.nanoTime() - t0) / 1e9, acc);
        }
    }
}
