package dev.hass.hardware.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworksTest {

    /**
     * Parameters: torchvision's published counts (sum of parameter numel; BN scale+shift included)
     * and, for RepVGG-A0, the paper's 8.30 M. MACs: conv + fc multiply-accumulates, published as
     * torchvision "GFLOPS" (which are MACs) or in the papers; tolerance 3 %.
     */
    @ParameterizedTest
    @CsvSource({
            "resnet18,           11689512,  1.814e9",
            "resnet50,           25557032,  4.089e9",
            "mobilenet_v2,       3504872,   0.300e9",
            "mobilenet_v3_large, 5483032,   0.219e9",
            "mobilenet_v3_small, 2542856,   0.056e9",
            "vgg16,              138357544, 15.47e9",
    })
    void imagenetModelsMatchPublishedCounts(String name, long params, double macs) {
        Network n = Networks.builtIn(name);
        assertEquals(new TensorShape(3, 224, 224), n.input());
        assertEquals(new TensorShape(1000, 1, 1), n.outputShape());
        assertEquals(params, n.params(), name + " parameters");
        assertEquals(macs, n.macs(), macs * 0.03, name + " MACs");
    }

    @Test
    void repvggA0DeployFormMatchesPaper() {
        Network n = Networks.builtIn("repvgg_a0");
        assertEquals(8.30e6, n.params(), 0.01e6);
        assertEquals(1.36e9, n.macs(), 0.01e9);
        List<Node> convs = n.nodesOf(Op.Conv.class);
        assertEquals(1 + 2 + 4 + 14 + 1, convs.size());
        assertTrue(convs.stream().allMatch(c -> ((Op.Conv) c.op()).kernelRows() == 3 && ((Op.Conv) c.op()).bias()));
        assertEquals(new TensorShape(1280, 7, 7), n.outputShape("stage4_0"));
        assertEquals(new TensorShape(192, 14, 14), n.outputShape("stage3_13"));
    }

    @Test
    void resnetAndMobilenetStructure() {
        Network r50 = Networks.resnet50();
        assertEquals(53, r50.nodesOf(Op.Conv.class).size()); // 1 + 16·3 + 4 projections
        assertEquals(16, r50.nodesOf(Op.Eltwise.class).size());
        assertEquals(new TensorShape(2048, 7, 7), r50.outputShape("layer4_2_relu"));
        assertEquals(new TensorShape(64, 56, 56), r50.outputShape("maxpool"));

        Network v2 = Networks.mobilenetV2();
        assertEquals(17, v2.nodesOf(Op.Conv.class).stream().filter(c -> ((Op.Conv) c.op()).groups() > 1).count());
        assertEquals(10, v2.nodesOf(Op.Eltwise.class).size()); // residual adds
        assertEquals(new TensorShape(320, 7, 7), v2.outputShape("block17_project_bn"));

        Network v3 = Networks.mobilenetV3Large();
        // squeeze-excite: GAP → 1×1 conv → ReLU → 1×1 conv → HardSigmoid → MUL with the block's features
        Node mul = v3.node("block4_se_mul");
        assertEquals(List.of("block4_dw_relu", "block4_se_hardsigmoid"), mul.inputs());
        assertEquals(new TensorShape(72, 1, 1), v3.outputShape("block4_se_hardsigmoid"));
        assertEquals(new TensorShape(24, 1, 1), v3.outputShape("block4_se_fc1")); // make_divisible(72/4, 8)
        assertEquals(8, v3.nodesOf(Op.Eltwise.class).stream().filter(e -> ((Op.Eltwise) e.op()).type() == Op.EltwiseKind.MUL).count());
        assertEquals(new TensorShape(960, 7, 7), v3.outputShape("conv_last"));
        Network v3s = Networks.mobilenetV3Small();
        assertEquals(new TensorShape(8, 1, 1), v3s.outputShape("block1_se_fc1"));
        assertEquals(new TensorShape(16, 56, 56), v3s.outputShape("block1_project_bn"));
    }

    /** Shapes straight from ZOO.md; names are the keys shared with the trained models. */
    @Test
    void zooNamesAndShapesFollowTheSpec() {
        Map<String, Map<String, TensorShape>> expected = new LinkedHashMap<>();
        expected.put("lenet5", shapes("conv1", 6, 28, "pool1", 6, 14, "conv2", 16, 10, "pool2", 16, 5, "flatten", 400, 1,
                "fc1", 120, 1, "fc2", 84, 1, "fc3", 10, 1));
        expected.put("vgg_small", shapes("conv1", 32, 28, "conv2", 32, 28, "pool1", 32, 14, "conv3", 64, 14, "conv4", 64, 14,
                "pool2", 64, 7, "conv5", 128, 7, "conv6", 128, 7, "gap", 128, 1, "fc", 10, 1));
        expected.put("resnet8", shapes("conv1", 16, 28, "layer1_conv1", 16, 28, "layer1_conv2", 16, 28, "layer1_add", 16, 28,
                "layer2_conv1", 32, 14, "layer2_conv2", 32, 14, "layer2_shortcut", 32, 14, "layer2_add", 32, 14,
                "layer3_conv1", 64, 7, "layer3_conv2", 64, 7, "layer3_shortcut", 64, 7, "layer3_add", 64, 7, "gap", 64, 1, "fc", 10, 1));
        expected.put("mobilenet_small", shapes("conv1", 16, 28, "block1_dw", 16, 28, "block1_pw", 32, 28, "block2_dw", 32, 14,
                "block2_pw", 64, 14, "block3_dw", 64, 14, "block3_pw", 64, 14, "block4_dw", 64, 7, "block4_pw", 128, 7,
                "block5_dw", 128, 7, "block5_pw", 128, 7, "gap", 128, 1, "fc", 10, 1));
        expected.put("repvgg_small", shapes("stage0", 16, 28, "stage1_0", 32, 14, "stage1_1", 32, 14, "stage2_0", 64, 7,
                "stage2_1", 64, 7, "stage3_0", 128, 4, "gap", 128, 1, "fc", 10, 1));
        assertEquals(List.copyOf(expected.keySet()), Networks.zooNames());
        for (var e : expected.entrySet()) {
            Network n = Networks.builtIn(e.getKey());
            assertEquals(new TensorShape(1, 28, 28), n.input());
            assertEquals(new TensorShape(10, 1, 1), n.outputShape());
            List<String> prunable = e.getValue().keySet().stream()
                    .filter(k -> k.startsWith("conv") || k.startsWith("fc") || k.startsWith("stage") || k.startsWith("block")
                            || (k.startsWith("layer") && !k.endsWith("_add")))
                    .toList();
            assertEquals(prunable, n.prunable().stream().map(Node::name).toList(), e.getKey() + " prunable layer names");
            e.getValue().forEach((node, shape) -> assertEquals(shape, n.outputShape(node), e.getKey() + " " + node));
        }
        // depthwise blocks: groups = channels, padding 1
        Network m = Networks.mobilenetSmall();
        Op.Conv dw = (Op.Conv) m.node("block4_dw").op();
        assertEquals(64, dw.groups());
        assertEquals(2, dw.strideRows());
        assertEquals(List.of("layer2_conv2_bn", "layer2_shortcut_bn"), Networks.resnet8().node("layer2_add").inputs());
        assertEquals(List.of("layer1_conv2_bn", "conv1_relu"), Networks.resnet8().node("layer1_add").inputs());
    }

    @Test
    void unknownNameListsTheBuiltIns() {
        var e = assertThrows(IllegalArgumentException.class, () -> Networks.builtIn("resnet19"));
        assertTrue(e.getMessage().contains("resnet19") && e.getMessage().contains("resnet18") && e.getMessage().contains("lenet5"));
        assertEquals(12, Networks.names().size());
    }

    /** Triples (name, channels, size) with size 1 meaning C×1×1. */
    private static Map<String, TensorShape> shapes(Object... v) {
        Map<String, TensorShape> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i += 3) m.put((String) v[i], new TensorShape((int) v[i + 1], (int) v[i + 2], (int) v[i + 2]));
        return m;
    }
}
