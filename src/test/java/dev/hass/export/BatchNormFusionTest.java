package dev.hass.export;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Op;
import dev.hass.nn.Images;
import dev.hass.nn.Params;
import dev.hass.nn.Zoo;
import dev.hass.nn.ZooModel;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchNorm folding and the plain-Java inference, on BN networks with random (not identity) BatchNorm
 * statistics: the fused model.onnx network without BN nodes computes the DJL model's logits.
 */
class BatchNormFusionTest {
    @ParameterizedTest
    @ValueSource(strings = {"resnet8", "vgg_small", "mobilenet_small", "repvgg_small"})
    void foldedNetworkComputesTheModelsLogits(String arch) {
        Random rnd = new Random(7);
        try (NDManager m = NDManager.newBaseManager()) {
            ZooModel model = Zoo.build(arch).initialize(m);
            if (arch.equals("repvgg_small")) model = dev.hass.nn.RepVgg.fuse(model, m);   // the deploy form, as the oracle prunes it
            for (Pair<String, Parameter> p : model.block().getParameters()) {
                String n = p.getKey();
                if (!(n.endsWith("gamma") || n.endsWith("beta") || n.endsWith("runningMean") || n.endsWith("runningVar"))) continue;
                float[] v = new float[(int) p.getValue().getArray().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = n.endsWith("runningVar") ? 0.5f + rnd.nextFloat() : n.endsWith("gamma") ? 0.5f + rnd.nextFloat() : (float) (0.2 * rnd.nextGaussian());
                }
                Params.write(p.getValue(), v);
            }
            int n = 2;
            float[] px = new float[n * Images.PIXELS];
            for (int i = 0; i < px.length; i++) px[i] = rnd.nextFloat();
            Images images = new Images(px, new int[n]);
            ExportService.Candidate c = ExportService.capture(model, m, images);
            Network original = Networks.builtIn(arch);
            Network fused = ExportService.fuseBatchNorm(original, c);
            assertEquals(!arch.equals("repvgg_small"), original.nodesOf(Op.BatchNorm.class).size() > 0, "repvgg is exported in its fused deploy form");
            assertEquals(0, fused.nodesOf(Op.BatchNorm.class).size(), "every BN follows a conv and is folded");
            Map<String, float[]> init = c.initializers();
            ReferenceForward ref = new ReferenceForward(fused, init);
            float[] logits = c.logits().values();
            int classes = logits.length / n;
            for (int i = 0; i < n; i++) {
                float[] got = ref.run(java.util.Arrays.copyOfRange(px, i * Images.PIXELS, (i + 1) * Images.PIXELS), (l, x) -> x).get(fused.output().name());
                double scale = 0;
                for (int k = 0; k < classes; k++) scale = Math.max(scale, Math.abs(logits[i * classes + k]));
                for (int k = 0; k < classes; k++) assertEquals(logits[i * classes + k], got[k], 1e-4 * scale + 1e-6, arch + " image " + i + " class " + k);
            }
        }
    }
}
