package dev.hass.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class QuantizerTest {
    @Test
    void roundsToTheNearestGridPointWithTiesAwayFromZero() {
        Quantizer q = new Quantizer(8, 2); // LSB 0.25, range [-32, 31.75]
        assertEquals(0.25, q.quantize(0.2), 0.0);
        assertEquals(0.0, q.quantize(0.124), 0.0);
        assertEquals(0.25, q.quantize(0.125), 0.0, "tie goes away from zero");
        assertEquals(-0.25, q.quantize(-0.125), 0.0, "tie goes away from zero");
        assertEquals(1.5, q.quantize(1.4), 0.0);
        assertEquals(-1.0, q.quantize(-1.1), 0.0);
    }

    @Test
    void fittingGivesUpFractionBitsUntilTheLargestMagnitudeFits() {
        Quantizer w = Quantizer.forWeights(16);                    // 16/14: [-2, 2)
        assertEquals(w, w.fitting(1.9), "fits already: unchanged");
        assertEquals(new Quantizer(16, 12), w.fitting(4.4));       // a fused RepVGG kernel: 4 integer bits, [-8, 8)
        assertEquals(4.4, w.fitting(4.4).quantize(4.4), 0.5 / w.fitting(4.4).scale());
        assertEquals(new Quantizer(16, 0), w.fitting(1e9), "never below 0 fraction bits");
        assertTrue(w.quantize(4.4) < 2, "the unfitted format saturates");
    }

    @Test
    void saturatesAtBothEndsOfTheRange() {
        Quantizer q = new Quantizer(8, 2);
        assertEquals(-32.0, q.min(), 0.0);
        assertEquals(31.75, q.max(), 0.0);
        assertEquals(31.75, q.quantize(100), 0.0);
        assertEquals(31.75, q.quantize(31.9), 0.0);
        assertEquals(-32.0, q.quantize(-32.1), 0.0);
        assertEquals(-32.0, q.quantize(-1e9), 0.0);
    }

    @Test
    void fractionBitsSetTheStep() {
        assertEquals(0.5, new Quantizer(16, 1).quantize(0.3), 0.0);
        assertEquals(77.0 / 256, new Quantizer(16, 8).quantize(0.3), 0.0); // 0.3*256 = 76.8 -> 77
        assertEquals(3.0, new Quantizer(4, 0).quantize(2.6), 0.0);
        assertEquals(7.0, new Quantizer(4, 0).quantize(9), 0.0);
        assertEquals(-8.0, new Quantizer(4, 0).quantize(-9), 0.0);
        assertTrue(new Quantizer(16, 8).onGrid(77.0 / 256));
        assertFalse(new Quantizer(16, 8).onGrid(0.3));
    }

    @Test
    void theTensorFormAgreesWithTheScalarForm() {
        Quantizer q = new Quantizer(6, 3);
        float[] x = {0f, 0.06f, 0.0625f, -0.0625f, 0.7f, -0.7f, 3.99f, 5f, -4.2f, -3.0f};
        try (NDManager m = NDManager.newBaseManager(); NDArray a = m.create(x); NDArray r = q.quantize(a)) {
            float[] got = r.toFloatArray();
            for (int i = 0; i < x.length; i++) assertEquals(q.quantize(x[i]), got[i], 1e-7, "x=" + x[i]);
        }
    }

    @Test
    void parseAcceptsWslashFAndRejectsTheRestNamingTheForm() {
        assertEquals(new Quantizer(16, 8), Quantizer.parse("16/8"));
        for (String bad : new String[]{"16", "16/16", "1/0", "33/4", "a/b", "8/-1", "16/8/2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantizer.parse(bad), bad);
            assertTrue(e.getMessage().contains("W/F"), e.getMessage());
        }
    }
}
