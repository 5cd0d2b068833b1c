package dev.hass.hardware.onnx;

import static dev.hass.hardware.onnx.OnnxWriter.floatsAttr;
import static dev.hass.hardware.onnx.OnnxWriter.int64Tensor;
import static dev.hass.hardware.onnx.OnnxWriter.intAttr;
import static dev.hass.hardware.onnx.OnnxWriter.intsAttr;
import static dev.hass.hardware.onnx.OnnxWriter.node;
import static dev.hass.hardware.onnx.OnnxWriter.stringAttr;
import static dev.hass.hardware.onnx.OnnxWriter.tensor;
import static dev.hass.hardware.onnx.OnnxWriter.valueInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.hardware.graph.ChannelHistograms;
import dev.hass.hardware.graph.ImportedNetwork;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.graph.Op;
import dev.hass.hardware.graph.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importer on hand-written ONNX bytes: mapping of every supported op, and the error cases. */
class OnnxImportTest {
    @TempDir Path dir;

    private static String[] s(String... v) { return v; }

    private Path write(String name, OnnxWriter graph) throws IOException {
        Path p = dir.resolve(name + ".onnx");
        Files.write(p, OnnxWriter.model(graph));
        return p;
    }

    /** Conv(+hist) → BN → Clip(0,6) → depthwise conv SAME_UPPER → SE (GAP, Conv, Relu, Conv, HardSigmoid, Mul) → Add → pool → Reshape → MatMul+Add. */
    private OnnxWriter richGraph(float[] hist) {
        OnnxWriter g = new OnnxWriter();
        g.message(1, node("c1", "Conv", s("x", "w1"), s("c1_out"), intsAttr("kernel_shape", 3, 3), intsAttr("strides", 2, 2),
                intsAttr("pads", 1, 0, 0, 1), floatsAttr(OnnxImport.HISTOGRAM_ATTRIBUTE, hist)));
        g.message(1, node("bn", "BatchNormalization", s("c1_out", "g", "b", "m", "v"), s("bn_out")));
        g.message(1, node("", "Clip", s("bn_out", "zero", "six"), s("clip_out")));
        g.message(1, node("drop", "Dropout", s("clip_out"), s("drop_out", "mask")));
        g.message(1, node("dw", "Conv", s("drop_out", "wdw", "bdw"), s("dw_out"), intAttr("group", 4), stringAttr("auto_pad", "SAME_UPPER")));
        g.message(1, node("hs", "HardSwish", s("dw_out"), s("hs_out")));
        g.message(1, node("gap", "GlobalAveragePool", s("hs_out"), s("gap_out")));
        g.message(1, node("fc1", "Conv", s("gap_out", "wse1", "bse1"), s("fc1_out")));
        g.message(1, node("r", "Relu", s("fc1_out"), s("r_out")));
        g.message(1, node("fc2", "Conv", s("r_out", "wse2"), s("fc2_out")));
        g.message(1, node("hsig", "HardSigmoid", s("fc2_out"), s("hsig_out")));
        g.message(1, node("scale", "Mul", s("hs_out", "hsig_out"), s("scale_out")));
        g.message(1, node("sum", "Add", s("scale_out", "drop_out"), s("sum_out")));
        g.message(1, node("", "Sigmoid", s("sum_out"), s("sig_out")));
        g.message(1, node("ap", "AveragePool", s("sig_out"), s("ap_out"), intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2)));
        g.message(1, node("id", "Identity", s("ap_out"), s("id_out")));
        g.message(1, node("rs", "Reshape", s("id_out", "shape"), s("rs_out")));
        g.message(1, node("mm", "MatMul", s("rs_out", "wfc"), s("mm_out")));
        g.message(1, node("bias", "Add", s("mm_out", "bfc"), s("y")));
        g.string(2, "rich");
        g.message(5, tensor("w1", new long[] {4, 2, 3, 3}));
        g.message(5, tensor("g", new long[] {4})).message(5, tensor("b", new long[] {4}))
                .message(5, tensor("m", new long[] {4})).message(5, tensor("v", new long[] {4}));
        g.message(5, tensor("zero", new long[] {}, 0f)).message(5, tensor("six", new long[] {}, 6f));
        g.message(5, tensor("wdw", new long[] {4, 1, 3, 3})).message(5, tensor("bdw", new long[] {4}));
        g.message(5, tensor("wse1", new long[] {8, 4, 1, 1})).message(5, tensor("bse1", new long[] {8}));
        g.message(5, tensor("wse2", new long[] {4, 8, 1, 1}));
        g.message(5, int64Tensor("shape", 1, -1));
        g.message(5, tensor("wfc", new long[] {16, 5})).message(5, tensor("bfc", new long[] {5}));
        g.message(11, valueInfo("x", -1, 2, 9, 8));
        g.message(12, valueInfo("y", -1, 5));
        return g;
    }

    private static float[] hist(int channels, int bins) {
        float[] h = new float[channels * bins];
        for (int c = 0; c < channels; c++) for (int z = 0; z < bins; z++) h[c * bins + z] = (c + 1) * (z + 1) / (float) (bins * 100);
        return h;
    }

    @Test
    void mapsEverySupportedOp() throws IOException {
        float[] h = hist(2, 10);
        ImportedNetwork imp = OnnxImport.read(write("rich", richGraph(h)));
        Network n = imp.network();
        assertEquals("rich", n.name());
        assertEquals(new TensorShape(2, 9, 8), n.input());
        assertEquals(List.of("c1", "bn", "Clip_2", "dw", "hs", "gap", "fc1", "r", "fc2", "hsig", "scale", "sum", "Sigmoid_13", "ap", "rs", "mm"),
                n.nodes().stream().map(Node::name).toList());
        // pads [top, left, bottom, right] = [1, 0, 0, 1] → top 1, right 1, bottom 0, left 0
        Op.Conv c1 = (Op.Conv) n.node("c1").op();
        assertEquals(new Op.Conv(4, 3, 3, 2, 2, 1, 1, 0, 0, 1, false), c1);
        assertEquals(new TensorShape(4, 4, 4), n.outputShape("c1")); // rows (9+1−3)/2+1 = 4, cols (8+1−3)/2+1 = 4
        assertEquals(new Op.Activation(Op.ActivationKind.RELU6), n.node("Clip_2").op());
        Op.Conv dw = (Op.Conv) n.node("dw").op();
        assertEquals(4, dw.groups());
        assertTrue(dw.bias());
        assertEquals(1, dw.padTop());
        assertEquals(new TensorShape(4, 4, 4), n.outputShape("dw"));
        assertEquals(List.of("c1"), n.node("bn").inputs());
        assertEquals(List.of("Clip_2"), n.node("dw").inputs()); // Dropout skipped
        assertEquals(List.of("hs", "hsig"), n.node("scale").inputs());
        assertEquals(new Op.Eltwise(Op.EltwiseKind.MUL), n.node("scale").op());
        assertEquals(List.of("scale", "Clip_2"), n.node("sum").inputs());
        assertEquals(new TensorShape(4, 2, 2), n.outputShape("ap"));
        assertEquals(new Op.Flatten(), n.node("rs").op());
        assertEquals(List.of("ap"), n.node("rs").inputs()); // Identity skipped
        assertEquals(new Op.InnerProduct(5, true), n.node("mm").op()); // MatMul + Add bias folded
        assertEquals(new TensorShape(5, 1, 1), n.outputShape());
        assertEquals(List.of("c1"), List.copyOf(imp.histograms().keySet()));
        ChannelHistograms ch = imp.histograms().get("c1");
        assertEquals(2, ch.channels());
        assertEquals(10, ch.bins());
        assertEquals((double) h[13], ch.channel(1)[3]);
    }

    @Test
    void fallbackNamesAreOpTypeAndIndexAndStayUnique() throws IOException {
        OnnxWriter g = new OnnxWriter();
        g.message(1, node("", "Relu", s("x"), s("a")));
        g.message(1, node("Relu_0", "Relu", s("a"), s("b"))); // collides with the fallback of node 0
        g.message(11, valueInfo("x", 1, 3, 4, 4)).message(12, valueInfo("b", 1, 3, 4, 4));
        Network n = OnnxImport.read(write("names", g)).network();
        assertEquals(List.of("Relu_0", "Relu_0_1"), n.nodes().stream().map(Node::name).toList());
    }

    @Test
    void unknownOpNamesFileNodeAndOp() throws IOException {
        OnnxWriter g = new OnnxWriter();
        g.message(1, node("r", "Relu", s("x"), s("a")));
        g.message(1, node("sm", "Softmax", s("a"), s("b")));
        g.message(11, valueInfo("x", 1, 3, 4, 4)).message(12, valueInfo("b", 1, 3, 4, 4));
        Path p = write("unknown", g);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(p));
        assertEquals("sm", e.node());
        assertEquals("Softmax", e.op());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("node sm (Softmax)")
                && e.getMessage().contains("unsupported op type Softmax") && e.getMessage().contains("Conv"), e.getMessage());
    }

    @Test
    void unsupportedAttributesAndShapesAreNamed() throws IOException {
        float[] badHist = hist(2, 9); // 3×3 conv over 2 channels needs 2 × 10 values
        OnnxWriter g = new OnnxWriter();
        g.message(1, node("c", "Conv", s("x", "w"), s("y"), floatsAttr(OnnxImport.HISTOGRAM_ATTRIBUTE, badHist)));
        g.message(5, tensor("w", new long[] {4, 2, 3, 3})).message(11, valueInfo("x", 1, 2, 8, 8)).message(12, valueInfo("y", 1, 4, 6, 6));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("hist", g)));
        assertTrue(e.getMessage().contains("node c (Conv)") && e.getMessage().contains("2 × 10 = 20"), e.getMessage());

        OnnxWriter g2 = new OnnxWriter();
        g2.message(1, node("c", "Conv", s("x", "w"), s("y"), intsAttr("dilations", 2, 2)));
        g2.message(5, tensor("w", new long[] {4, 2, 3, 3})).message(11, valueInfo("x", 1, 2, 8, 8)).message(12, valueInfo("y", 1, 4, 4, 4));
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("dil", g2)));
        assertTrue(e.getMessage().contains("dilations [2, 2]"), e.getMessage());

        OnnxWriter g3 = new OnnxWriter();
        g3.message(1, node("c", "Conv", s("x", "w"), s("y")));
        g3.message(5, tensor("w", new long[] {4, 3, 3, 3})).message(11, valueInfo("x", 1, 2, 8, 8)).message(12, valueInfo("y", 1, 4, 6, 6));
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("chan", g3)));
        assertTrue(e.getMessage().contains("expects 3 input channels") && e.getMessage().contains("has 2"), e.getMessage());

        OnnxWriter g4 = new OnnxWriter();
        g4.message(1, node("clip", "Clip", s("x"), s("y"), OnnxWriter.floatAttr("min", -1), OnnxWriter.floatAttr("max", 1)));
        g4.message(11, valueInfo("x", 1, 2, 8, 8)).message(12, valueInfo("y", 1, 2, 8, 8));
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("clip", g4)));
        assertTrue(e.getMessage().contains("node clip (Clip)") && e.getMessage().contains("neither ReLU"), e.getMessage());

        OnnxWriter g5 = new OnnxWriter();
        g5.message(1, node("r", "Reshape", s("x", "shape"), s("y")));
        g5.message(5, int64Tensor("shape", 1, 2, 64)).message(11, valueInfo("x", 1, 2, 8, 8)).message(12, valueInfo("y", 1, 2, 64));
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("reshape", g5)));
        assertTrue(e.getMessage().contains("not a flatten"), e.getMessage());

        OnnxWriter g6 = new OnnxWriter();
        g6.message(1, node("r", "Relu", s("x"), s("y")));
        g6.message(11, valueInfo("x", 1, -1, 8, 8)).message(12, valueInfo("y", 1, 2, 8, 8));
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("dyn", g6)));
        assertNull(e.node());
        assertTrue(e.getMessage().contains("must be fixed"), e.getMessage());
    }

    @Test
    void truncatedFileIsReportedNotCrashed() throws IOException {
        byte[] full = OnnxWriter.model(richGraph(hist(2, 10)));
        for (int cut : new int[] {full.length - 1, full.length / 2, 7, 1}) {
            Path p = dir.resolve("cut" + cut + ".onnx");
            Files.write(p, java.util.Arrays.copyOf(full, cut));
            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(p), "cut at " + cut);
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("remain") || e.getMessage().contains("no graph"), e.getMessage());
        }
    }

    @Test
    void garbageAndEmptyFilesAreReported() throws IOException {
        Random rnd = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(4000)];
            rnd.nextBytes(junk);
            Path p = dir.resolve("junk" + i + ".onnx");
            Files.write(p, junk);
            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(p));
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        }
        Path text = dir.resolve("text.onnx");
        Files.writeString(text, "this is not a model\n");
        assertThrows(OnnxFormatException.class, () -> OnnxImport.read(text));
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(empty));
        assertTrue(e.getMessage().contains("no graph"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> OnnxImport.read(dir.resolve("missing.onnx")));
    }

    @Test
    void protoReaderHandlesUnpackedRepeatedFieldsAndLongVarints() {
        OnnxWriter w = new OnnxWriter().varint(8, 3).varint(8, -1).fixed32(7, 0.25f).fixed32(7, 0.5f).varint(20, 7);
        OnnxWriter attr = new OnnxWriter().string(1, "a").message(0 + 5, new OnnxWriter()); // empty tensor message
        ProtoReader r = new ProtoReader(w.bytes());
        List<Long> ints = new java.util.ArrayList<>();
        ProtoReader.FloatList floats = new ProtoReader.FloatList();
        while (r.next()) {
            if (r.field() == 8) r.varints(ints);
            else if (r.field() == 7) r.floats(floats);
            else r.skip();
        }
        assertEquals(List.of(3L, -1L), ints);
        assertArrayEquals(new float[] {0.25f, 0.5f}, floats.toArray());
        ProtoReader a = new ProtoReader(attr.bytes());
        assertTrue(a.next());
        assertEquals("a", a.string());
        assertTrue(a.next());
        assertFalse(a.message().next());
        assertFalse(a.next());
    }

    /** The old PyTorch export of x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape. */
    @Test
    void dynamicFlattenChainGemmAndGlobalMaxPool() throws IOException {
        OnnxWriter g = new OnnxWriter();
        g.message(1, node("p", "MaxPool", s("x"), s("p_out"), intsAttr("kernel_shape", 3, 3), intsAttr("strides", 2, 2),
                intsAttr("pads", 1, 1, 1, 1), intAttr("ceil_mode", 1))); // (9+2−3)/2 exact: ceil = floor
        g.message(1, node("gmp", "GlobalMaxPool", s("p_out"), s("g_out")));
        g.message(1, node("shape", "Shape", s("g_out"), s("sh")));
        g.message(1, node("idx", "Constant", s(), s("zero"), new OnnxWriter().string(1, "value").message(5, int64Tensor("z", 0)).varint(20, 4)));
        g.message(1, node("gather", "Gather", s("sh", "zero"), s("n")));
        g.message(1, node("unsq", "Unsqueeze", s("n"), s("n1"), intsAttr("axes", 0)));
        g.message(1, node("cat", "Concat", s("n1", "minus1"), s("target"), intAttr("axis", 0)));
        g.message(1, node("rs", "Reshape", s("g_out", "target"), s("flat")));
        g.message(1, node("fc", "Gemm", s("flat", "w", "b"), s("y")));
        g.message(5, int64Tensor("minus1", -1)).message(5, tensor("w", new long[] {3, 7})).message(5, tensor("b", new long[] {7}));
        g.message(11, valueInfo("x", 1, 3, 9, 9)).message(12, valueInfo("y", 1, 7));
        Network n = OnnxImport.read(write("chain", g)).network();
        assertEquals(List.of("p", "gmp", "rs", "fc"), n.nodes().stream().map(Node::name).toList());
        assertEquals(new TensorShape(3, 5, 5), n.outputShape("p"));
        assertEquals(new Op.GlobalPool(Op.PoolKind.MAX), n.node("gmp").op());
        assertEquals(new Op.Flatten(), n.node("rs").op());
        assertEquals(new Op.InnerProduct(7, true), n.node("fc").op()); // transB = 0: B is in × out
    }

    @Test
    void ceilModeThatChangesTheSizeAndForeignDomainsAreRejected() throws IOException {
        OnnxWriter g = new OnnxWriter();
        g.message(1, node("p", "MaxPool", s("x"), s("y"), intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2), intAttr("ceil_mode", 1)));
        g.message(11, valueInfo("x", 1, 3, 7, 7)).message(12, valueInfo("y", 1, 3, 4, 4));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("ceil", g)));
        assertTrue(e.getMessage().contains("node p (MaxPool)") && e.getMessage().contains("ceil_mode"), e.getMessage());

        OnnxWriter g2 = new OnnxWriter();
        g2.message(1, node("q", "Relu", s("x"), s("y")).string(7, "com.microsoft"));
        g2.message(11, valueInfo("x", 1, 3, 7, 7)).message(12, valueInfo("y", 1, 3, 7, 7));
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("domain", g2)));
        assertTrue(e.getMessage().contains("com.microsoft"), e.getMessage());

        OnnxWriter g3 = new OnnxWriter(); // a branch that never reaches the output
        g3.message(1, node("a", "Relu", s("x"), s("a_out"))).message(1, node("b", "Sigmoid", s("x"), s("y")));
        g3.message(11, valueInfo("x", 1, 3, 7, 7)).message(12, valueInfo("y", 1, 3, 7, 7));
        e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(write("dead", g3)));
        assertTrue(e.getMessage().contains("node a") && e.getMessage().contains("never used"), e.getMessage());
    }

    /** Corrupted copies of a valid model either still import or fail with OnnxFormatException, nothing else. */
    @Test
    void corruptedBytesNeverEscapeAsOtherExceptions() throws IOException {
        byte[] good = OnnxWriter.model(richGraph(hist(2, 10)));
        Random rnd = new Random(7);
        Path p = dir.resolve("mutant.onnx");
        int failed = 0;
        for (int i = 0; i < 200; i++) {
            byte[] b = good.clone();
            for (int k = 0; k < 1 + rnd.nextInt(3); k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            try {
                OnnxImport.read(p, b);
            } catch (OnnxFormatException e) {
                failed++;
                assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            }
        }
        assertTrue(failed > 25, "most corruptions should be detected, got " + failed);
    }
}
