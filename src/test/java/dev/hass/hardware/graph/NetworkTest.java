package dev.hass.hardware.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {

    private static TensorShape s(int c, int h, int w) { return new TensorShape(c, h, w); }

    @Test
    void convOutputUsesFloorDivisionAndAsymmetricPadding() {
        // (224 + 3 + 3 − 7) / 2 + 1 = 112 (floor of 111.5)
        assertEquals(s(64, 112, 112), Op.Conv.of(64, 7, 2, 3).outputShape(List.of(s(3, 224, 224))));
        // rows: (10 + 1 + 0 − 3)/2 + 1 = 5; cols: (9 + 0 + 2 − 3)/2 + 1 = 5 (top, right, bottom, left)
        Op.Conv c = new Op.Conv(8, 3, 3, 2, 2, 1, 2, 0, 0, 1, true);
        assertEquals(s(8, 5, 5), c.outputShape(List.of(s(4, 10, 9))));
        // non-square kernel and stride
        Op.Conv r = new Op.Conv(5, 1, 3, 1, 2, 0, 0, 0, 0, 1, false);
        assertEquals(s(5, 7, 3), r.outputShape(List.of(s(2, 7, 7))));
    }

    @Test
    void depthwiseAndPointwiseMacsAndParams() {
        TensorShape in = s(32, 56, 56);
        Op.Conv dw = Op.Conv.depthwise(32, 3, 2);
        TensorShape out = dw.outputShape(List.of(in));
        assertEquals(s(32, 28, 28), out);
        assertEquals(28L * 28 * 32 * 9, dw.macs(List.of(in), out));
        assertEquals(32L * 9, dw.params(List.of(in)));
        assertTrue(dw.isDepthwise(32));
        Op.Conv pw = Op.Conv.pointwise(64).withBias(true);
        assertEquals(64L * 32 + 64, pw.params(List.of(in)));
        assertEquals(56L * 56 * 64 * 32, pw.macs(List.of(in), pw.outputShape(List.of(in))));
    }

    @Test
    void poolGlobalPoolFlattenInnerProductShapes() {
        assertEquals(s(64, 56, 56), Op.Pool.of(Op.PoolKind.MAX, 3, 2, 1).outputShape(List.of(s(64, 112, 112))));
        assertEquals(s(6, 14, 14), Op.Pool.of(Op.PoolKind.AVG, 2, 2, 0).outputShape(List.of(s(6, 28, 28))));
        assertEquals(s(6, 3, 3), Op.Pool.of(Op.PoolKind.MAX, 2, 2, 0).outputShape(List.of(s(6, 7, 7))));
        assertEquals(s(128, 1, 1), new Op.GlobalPool(Op.PoolKind.AVG).outputShape(List.of(s(128, 7, 7))));
        assertEquals(s(400, 1, 1), new Op.Flatten().outputShape(List.of(s(16, 5, 5))));
        Op.InnerProduct fc = new Op.InnerProduct(120, true);
        assertEquals(s(120, 1, 1), fc.outputShape(List.of(s(16, 5, 5))));
        assertEquals(400L * 120 + 120, fc.params(List.of(s(16, 5, 5))));
    }

    @Test
    void eltwiseBroadcastsOnlyForMul() {
        TensorShape full = s(16, 8, 8), scale = s(16, 1, 1);
        assertEquals(full, new Op.Eltwise(Op.EltwiseKind.MUL).outputShape(List.of(full, scale)));
        assertEquals(full, new Op.Eltwise(Op.EltwiseKind.MUL).outputShape(List.of(scale, full)));
        assertThrows(IllegalArgumentException.class, () -> new Op.Eltwise(Op.EltwiseKind.ADD).outputShape(List.of(full, scale)));
        assertThrows(IllegalArgumentException.class, () -> new Op.Eltwise(Op.EltwiseKind.MUL).outputShape(List.of(full, s(8, 1, 1))));
    }

    @Test
    void builderBranchesConsumersAndShapes() {
        Network n = Network.builder("block", s(16, 8, 8))
                .conv("a", 16, 3, 1, 1).bn("a_bn").relu("a_relu")
                .add("sum", "a_relu", "input").relu("out")
                .build();
        assertEquals(List.of("a", "sum"), n.consumers("input").stream().map(Node::name).toList());
        assertEquals(List.of("sum"), n.consumers("a_relu").stream().map(Node::name).toList());
        assertEquals(List.of(), n.consumers("out"));
        assertEquals(s(16, 8, 8), n.outputShape("sum"));
        assertEquals("out", n.output().name());
        assertEquals(List.of("a"), n.prunable().stream().map(Node::name).toList());
        assertEquals(8L * 8 * 16 * 16 * 9, n.macs());
        assertEquals(16L * 16 * 9 + 32, n.params());
    }

    @Test
    void validationNamesNetworkNodeAndProblem() {
        TensorShape in = s(3, 8, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> new Network("net", "input", in, List.of(
                new Node("c", Op.Conv.of(4, 3, 1, 1), "input"), new Node("c", new Op.BatchNorm(), "c"))));
        assertTrue(e.getMessage().contains("net") && e.getMessage().contains("duplicate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Network("net", "input", in, List.of(
                new Node("r", new Op.Activation(Op.ActivationKind.RELU), "later"), new Node("later", new Op.BatchNorm(), "input"))));
        assertTrue(e.getMessage().contains("'later'") && e.getMessage().contains("topological"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Network("net", "input", in, List.of(
                new Node("big", Op.Conv.of(4, 11, 1, 0), "input"))));
        assertTrue(e.getMessage().contains("big") && e.getMessage().contains("kernel 11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Network("net", "input", in, List.of(
                new Node("g", Op.Conv.of(4, 3, 1, 1).withGroups(2), "input"))));
        assertTrue(e.getMessage().contains("groups 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Network("net", "input", in, List.of(
                new Node("a", new Op.BatchNorm(), "input"), new Node("b", new Op.BatchNorm(), "input"))));
        assertTrue(e.getMessage().contains("node a") && e.getMessage().contains("never used"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Network("net", "input", in, List.of(
                new Node("sum", new Op.Eltwise(Op.EltwiseKind.ADD), "input"))));
        assertTrue(e.getMessage().contains("two or more"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Network.builder("net", in).conv("x", 4, 3, 1, 1).add("s", "x", "input"));
    }
}
