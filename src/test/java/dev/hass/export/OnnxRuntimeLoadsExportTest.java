package dev.hass.export;

import static org.junit.jupiter.api.Assertions.*;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.hass.hardware.graph.Network;
import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Node;
import dev.hass.hardware.onnx.OnnxExport;
import dev.hass.hardware.onnx.OnnxImport;
import dev.hass.hardware.graph.Op;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime loads and runs what {@link OnnxExport} writes for every zoo network, including those whose Gemm
 * follows a global pool (resnet8, vgg_small, mobilenet_small, repvgg_small): the writer puts a Flatten before such a
 * Gemm, which takes rank 2. Weights are seeded random values (the graph is what is tested); the file without
 * histograms, because ONNX Runtime rejects fpgaConvNet's {@code channel_sparsity_hist} attribute on Conv.
 */
class OnnxRuntimeLoadsExportTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"lenet5", "vgg_small", "resnet8", "mobilenet_small", "repvgg_small"})
    void onnxRuntimeRunsTheExportedZooNetwork(String arch) throws Exception {
        Network net = Networks.builtIn(arch);
        Map<String, float[]> init = new LinkedHashMap<>();
        Random r = new Random(7);
        for (Node n : net.nodes()) {
            int in = net.inputShape(n.name()).channels();
            if (n.op() instanceof Op.Conv c) {
                init.put(n.name() + ".weight", random(r, (long) c.filters() * (in / c.groups()) * c.kernelRows() * c.kernelCols()));
                if (c.bias()) init.put(n.name() + ".bias", random(r, c.filters()));
            } else if (n.op() instanceof Op.InnerProduct ip) {
                init.put(n.name() + ".weight", random(r, ip.outFeatures() * net.inputShape(n.name()).elements()));
                if (ip.bias()) init.put(n.name() + ".bias", random(r, ip.outFeatures()));
            } else if (n.op() instanceof Op.BatchNorm) {
                init.put(n.name() + ".weight", random(r, in));
                init.put(n.name() + ".bias", random(r, in));
                init.put(n.name() + ".running_mean", random(r, in));
                float[] var = random(r, in);
                for (int i = 0; i < in; i++) var[i] = 1 + Math.abs(var[i]);
                init.put(n.name() + ".running_var", var);
            }
        }
        Path file = tmp.resolve(arch + ".onnx");
        OnnxExport.write(file, net, Map.of(), init);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = random(r, net.input().elements());
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = env.createSession(Files.readAllBytes(file), o);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 1, 28, 28});
             OrtSession.Result res = s.run(Map.of(net.inputName(), t))) {
            float[][] y = (float[][]) res.get(0).getValue();
            assertEquals(1, y.length);
            assertEquals(net.outputShape().elements(), y[0].length);
            // and the same numbers as our own float inference of the file
            float[] want = new ReferenceForward(OnnxImport.read(file).network(), OnnxExport.readInitializers(file)).run(x, (l, v) -> v)
                    .get(net.output().name());
            for (int k = 0; k < want.length; k++) assertEquals(want[k], y[0][k], 1e-3 * (1 + Math.abs(want[k])), arch + " logit " + k);
        }
    }

    private static float[] random(Random r, long n) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * 0.1);
        return v;
    }
}
