package dev.hass.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ZooTest {
    /** The prunable layer names of ZOO.md, in forward order. */
    static final Map<String, List<String>> NAMES = Map.of(
            "lenet5", List.of("conv1", "conv2", "fc1", "fc2", "fc3"),
            "vgg_small", List.of("conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "fc"),
            "resnet8", List.of("conv1", "layer1_conv1", "layer1_conv2", "layer2_conv1", "layer2_conv2",
                    "layer2_shortcut", "layer3_conv1", "layer3_conv2", "layer3_shortcut", "fc"),
            "mobilenet_small", List.of("conv1", "block1_dw", "block1_pw", "block2_dw", "block2_pw", "block3_dw",
                    "block3_pw", "block4_dw", "block4_pw", "block5_dw", "block5_pw", "fc"),
            "repvgg_small", List.of("stage0", "stage1_0", "stage1_1", "stage2_0", "stage2_1", "stage3_0", "fc"));

    @Test
    void everyModelMapsAnImageToTenLogitsAndExposesTheZooNames() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (String arch : Zoo.ARCHITECTURES) {
                ZooModel model = Zoo.build(arch).initialize(m);
                NDArray out = model.predict(m, m.randomUniform(0, 1, new Shape(2, 1, 28, 28)));
                assertEquals(new Shape(2, 10), out.getShape(), arch);
                List<String> names = model.layers().stream().map(PrunableBlock::name).toList();
                assertEquals(NAMES.get(arch), names, arch);
                assertFalse(model.layers().get(0).spec().hasActivationThreshold(), arch + ": the first layer reads the image");
                for (PrunableBlock l : model.layers()) {
                    Shape w = l.weight().getArray().getShape();
                    LayerSpec s = l.spec();
                    assertEquals(s.outChannels(), w.get(0), arch + "/" + s.name());
                    assertEquals(s.inChannels() / s.groups(), w.get(1), arch + "/" + s.name());
                    if (s.conv()) assertEquals(s.kernel(), w.get(2), arch + "/" + s.name());
                }
            }
        }
    }

    @Test
    void repvggFusedModelComputesTheSameAsTheMultiBranchModel() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager()) {
            ZooModel train = Zoo.build("repvgg_small").initialize(m);
            assertFalse(train.deployForm());
            Random rnd = new Random(3);
            // non-trivial BatchNorm statistics, so that every branch's folding matters
            for (Pair<String, Parameter> p : train.block().getParameters()) {
                String n = p.getKey();
                if (n.endsWith("gamma") || n.endsWith("runningVar")) perturb(p.getValue(), rnd, 0.5f, 1.5f);
                if (n.endsWith("beta") || n.endsWith("runningMean")) perturb(p.getValue(), rnd, -0.3f, 0.3f);
            }
            assertTrue(train.branches.values().stream().filter(b -> b.identity() != null).count() >= 2);
            ZooModel deploy = RepVgg.fuse(train, m);
            assertTrue(deploy.deployForm());
            assertEquals(NAMES.get("repvgg_small"), deploy.layers().stream().map(PrunableBlock::name).toList());
            NDArray x = m.randomUniform(0, 1, new Shape(4, 1, 28, 28));
            float[] a = train.predict(m, x).toFloatArray();
            float[] b = deploy.predict(m, x).toFloatArray();
            double maxAbs = 0;
            for (float v : a) maxAbs = Math.max(maxAbs, Math.abs(v));
            assertTrue(maxAbs > 1e-3, "logits must be non-trivial");
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-4 * Math.max(1, maxAbs), "logit " + i);
        }
    }

    private static void perturb(Parameter p, Random rnd, float lo, float hi) {
        float[] v = new float[(int) p.getArray().size()];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rnd.nextFloat();
        Params.write(p, v);
    }
}
