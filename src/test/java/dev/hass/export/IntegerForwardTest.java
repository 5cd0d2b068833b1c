package dev.hass.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import dev.hass.nn.Quantizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The integer reference's rules on hand-made numbers: rounding, saturation, τ_a, the epilogue, pooling, Add. */
class IntegerForwardTest {
    static final Quantizer Q88 = new Quantizer(16, 8);

    @Test
    void roundsHalfAwayFromZeroAndSaturatesLikeTheOracle() {
        // v / 2^10 to Q8.8: drop two bits; 2/4 = half an LSB goes away from zero
        assertEquals(2, IntegerForward.round(6, 10, 1, Q88));    // 6/4 = 1.5 LSB → 2
        assertEquals(-2, IntegerForward.round(-6, 10, 1, Q88));
        assertEquals(1, IntegerForward.round(5, 10, 1, Q88));    // 1.25 LSB → 1
        assertEquals(32767, IntegerForward.round(1L << 40, 10, 1, Q88));
        assertEquals(-32768, IntegerForward.round(-(1L << 40), 10, 1, Q88));
        // a divisor (an average of 49) divides once, in the rounding: 49·2.5 LSB / 49 → 3
        assertEquals(3, IntegerForward.round(49L * 10, 10, 49, Q88));
        // against Quantizer on many values: the same grid point
        Random r = new Random(1);
        for (int i = 0; i < 20000; i++) {
            long v = r.nextLong() >> 30;
            double x = v / Math.scalb(1.0, 20);
            assertEquals(Math.round(Q88.quantize(x) * 256), IntegerForward.round(v, 20, 1, Q88), "v=" + v);
        }
    }

    @Test
    void thresholdIsTheFloatComparisonOnTheExactValue() {
        float tau = 0.2f;
        long t = IntegerForward.threshold(tau, 20, 1);
        // t / 2^20 ≤ τ < (t+1) / 2^20
        assertTrue(t / Math.scalb(1.0, 20) <= tau && (t + 1) / Math.scalb(1.0, 20) > tau);
        assertEquals(IntegerForward.threshold(tau, 20, 49), (long) Math.floor((double) tau * 49 * Math.scalb(1.0, 20)));
    }

    @Test
    void convEpiloguePoolAddAndLogitsFollowTheDocumentedRules() {
        // input 1×2×2 → conv 1×1 (2 filters, BatchNorm multiplier) → ReLU → global average → Add with itself → fc(1)
        Network net = new Network("t", "input", new TensorShape(1, 2, 2), List.of(
                new Node("c", Op.Conv.pointwise(2), List.of("input")),
                new Node("r", new Op.Activation(Op.ActivationKind.RELU), List.of("c")),
                new Node("g", new Op.GlobalPool(Op.PoolKind.AVG), List.of("r")),
                new Node("a", new Op.Eltwise(Op.EltwiseKind.ADD), List.of("g", "g")),
                new Node("f", new Op.Flatten(), List.of("a")),
                new Node("fc", new Op.InnerProduct(1, true), List.of("f"))));
        Quantizer w = new Quantizer(16, 14), m = new Quantizer(24, 23);
        Map<String, IntegerLayer> layers = new LinkedHashMap<>();
        // filter 0: w = 0.5, ×0.75, + 0.25; filter 1: w = −1 (ReLU zeroes it)
        layers.put("c", new IntegerLayer("c", new int[] {8192, -16384}, w, new int[] {3 << 21, 1 << 22}, m,
                new long[] {1L << (8 + 14 + 23 - 2), 0}, 0f));
        // fc: weights 1, 1 (Q2.14), bias −0.5; τ_a = 0.3 on its input
        layers.put("fc", new IntegerLayer("fc", new int[] {16384, 16384}, w, null, null, new long[] {-(1L << (8 + 14 - 1))}, 0.3f));
        IntegerForward f = new IntegerForward(net, Q88, layers);
        List<int[]> seen = new ArrayList<>();
        int[] x = {256, 128, 0, 64};   // 1, 0.5, 0, 0.25
        int[] y = f.run(x, (l, q) -> { seen.add(q); return q; });
        // c: 0.5·x·0.75 + 0.25 = 0.625, 0.4375, 0.25, 0.34375 → mean 0.4140625; ×2 (Add) = 0.828125 for channel 0; channel 1: 0
        assertArrayEquals(x, seen.get(0));
        assertArrayEquals(new int[] {Math.round(0.828125f * 256), 0}, seen.get(1));   // 212: exactly on the grid
        // fc: 0.828125 + 0 − 0.5 = 0.328125 → 84
        assertArrayEquals(new int[] {84}, y);
    }

    @Test
    void unsupportedOperatorsAreRefusedNamingTheNode() {
        Network net = new Network("t", "input", new TensorShape(1, 2, 2), List.of(
                new Node("h", new Op.Activation(Op.ActivationKind.HARDSWISH), List.of("input")),
                new Node("fc", new Op.InnerProduct(1, false), List.of("h"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IntegerForward(net, Q88, Map.of()));
        assertTrue(e.getMessage().contains("h") && e.getMessage().contains("--float"), e.getMessage());
    }
}
