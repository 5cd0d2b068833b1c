package dev.hass.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * RepVGG's structural re-parameterisation: each training-time block
 * {@code BN(conv3x3(x)) + BN(conv1x1(x)) [+ BN(x)]} becomes one 3×3 conv with bias, exactly in eval mode:
 * with {@code t = γ/√(σ²+ε)}, each branch is a 3×3 kernel {@code t·W} (the 1×1 kernel at the centre tap, the
 * identity as a centre 1 on its own channel) plus bias {@code β − μ·t}; the fused kernel and bias are the sums.
 */
public final class RepVgg {
    private RepVgg() {}

    /** The branches of one training-time block; {@code identity} is null when in ≠ out or stride ≠ 1. */
    public record Branches(Conv2d conv3, BatchNorm bn3, Conv2d conv1, BatchNorm bn1, BatchNorm identity) {}

    /**
     * The deploy form of an initialised (trained) training-form {@code repvgg_small}, allocated in
     * {@code manager}. Other architectures are returned unchanged.
     */
    public static ZooModel fuse(ZooModel model, NDManager manager) {
        if (model.deployForm()) return model;
        ZooModel deploy = Zoo.repvgg(true).initialize(manager);
        for (PrunableBlock target : deploy.layers()) {
            Branches b = model.branches.get(target.name());
            if (b == null) { // the classifier: copy as is
                PrunableBlock src = model.layersByName().get(target.name());
                Params.write(target.weight(), src.weight().getArray());
                Params.write(target.bias(), src.bias().getArray());
                continue;
            }
            int f = target.spec().outChannels(), c = target.spec().inChannels();
            float[] kernel = new float[f * c * 9];
            float[] bias = new float[f];
            float[] w3 = b.conv3().getParameters().get("weight").getArray().toFloatArray();
            float[] w1 = b.conv1().getParameters().get("weight").getArray().toFloatArray();
            addBranch(kernel, bias, b.bn3(), f, c, (o, i, k) -> w3[(o * c + i) * 9 + k]);
            addBranch(kernel, bias, b.bn1(), f, c, (o, i, k) -> k == 4 ? w1[o * c + i] : 0f);
            if (b.identity() != null) addBranch(kernel, bias, b.identity(), f, c, (o, i, k) -> k == 4 && o == i ? 1f : 0f);
            Params.write(target.weight(), kernel);
            Params.write(target.bias(), bias);
        }
        return deploy;
    }

    private interface Kernel {
        float at(int out, int in, int tap);
    }

    private static void addBranch(float[] kernel, float[] bias, BatchNorm bn, int f, int c, Kernel w) {
        float[] gamma = param(bn, "gamma"), beta = param(bn, "beta");
        float[] mean = param(bn, "runningMean"), var = param(bn, "runningVar");
        for (int o = 0; o < f; o++) {
            double t = gamma[o] / Math.sqrt(var[o] + Zoo.BN_EPS);
            bias[o] += (float) (beta[o] - mean[o] * t);
            for (int i = 0; i < c; i++) {
                for (int k = 0; k < 9; k++) kernel[(o * c + i) * 9 + k] += (float) (w.at(o, i, k) * t);
            }
        }
    }

    private static float[] param(BatchNorm bn, String name) {
        Parameter p = bn.getParameters().get(name);
        if (p == null) throw new IllegalStateException("BatchNorm has no parameter '" + name + "': " + bn.getParameters().keys());
        return p.getArray().toFloatArray();
    }
}
