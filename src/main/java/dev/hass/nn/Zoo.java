package dev.hass.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small Fashion-MNIST zoo (docs/neural.md, "Zoo"): {@code lenet5}, {@code vgg_small},
 * {@code resnet8}, {@code mobilenet_small}, {@code repvgg_small}. Every prunable layer (Conv2d, Linear)
 * gets an {@link ActivationTap} on its input; the prunable layers' names are the ones documented there.
 * Blocks are not initialised; call {@link ZooModel#initialize}.
 */
public final class Zoo {
    public static final List<String> ARCHITECTURES =
            List.of("lenet5", "vgg_small", "resnet8", "mobilenet_small", "repvgg_small");
    static final float BN_EPS = 1e-5f;

    private Zoo() {}

    /** The model as trained (for repvgg_small: the multi-branch training form). */
    public static ZooModel build(String architecture) {
        return switch (architecture) {
            case "lenet5" -> lenet5();
            case "vgg_small" -> vggSmall();
            case "resnet8" -> resnet8();
            case "mobilenet_small" -> mobilenetSmall();
            case "repvgg_small" -> repvgg(false);
            default -> throw new IllegalArgumentException("unknown architecture '" + architecture
                    + "'; allowed: " + String.join(", ", ARCHITECTURES));
        };
    }

    /** Collects prunable layers while a network is assembled. */
    private static final class Net {
        final List<PrunableBlock> layers = new ArrayList<>();
        final Map<String, RepVgg.Branches> branches = new LinkedHashMap<>();

        /** tap → conv, appended to {@code seq}; returns the conv. */
        Conv2d conv(SequentialBlock seq, String name, int in, int out, int k, int stride, int pad, int groups,
                    boolean bias, boolean threshold) {
            ActivationTap tap = new ActivationTap(name);
            Conv2d c = Conv2d.builder().setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
                    .optPadding(new Shape(pad, pad)).setFilters(out).optGroups(groups).optBias(bias).build();
            seq.add(tap.block()).add(c);
            layers.add(new PrunableBlock(LayerSpec.conv(name, in, out, k, stride, pad, groups, threshold), c, tap));
            return c;
        }

        /** tap → conv (no bias) → BN, and ReLU unless {@code relu} is false. */
        void convBn(SequentialBlock seq, String name, int in, int out, int k, int stride, int pad, int groups,
                    boolean threshold, boolean relu) {
            conv(seq, name, in, out, k, stride, pad, groups, false, threshold);
            seq.add(bn());
            if (relu) seq.add(Activation.reluBlock());
        }

        void linear(SequentialBlock seq, String name, int in, int out) {
            ActivationTap tap = new ActivationTap(name);
            Linear l = Linear.builder().setUnits(out).build();
            seq.add(tap.block()).add(l);
            layers.add(new PrunableBlock(LayerSpec.linear(name, in, out), l, tap));
        }

        ZooModel model(String arch, Block block, boolean deploy) {
            return new ZooModel(arch, block, layers, deploy, branches);
        }
    }

    static BatchNorm bn() {
        return BatchNorm.builder().optEpsilon(BN_EPS).optMomentum(0.9f).build();
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    static ZooModel lenet5() {
        Net n = new Net();
        SequentialBlock s = new SequentialBlock();
        n.conv(s, "conv1", 1, 6, 5, 1, 2, 1, true, false);
        s.add(Activation.reluBlock()).add(maxPool());
        n.conv(s, "conv2", 6, 16, 5, 1, 0, 1, true, true);
        s.add(Activation.reluBlock()).add(maxPool()).add(Blocks.batchFlattenBlock());
        n.linear(s, "fc1", 400, 120);
        s.add(Activation.reluBlock());
        n.linear(s, "fc2", 120, 84);
        s.add(Activation.reluBlock());
        n.linear(s, "fc3", 84, 10);
        return n.model("lenet5", s, true);
    }

    static ZooModel vggSmall() {
        Net n = new Net();
        SequentialBlock s = new SequentialBlock();
        int[] widths = {32, 32, 64, 64, 128, 128};
        int in = 1;
        for (int i = 0; i < widths.length; i++) {
            n.convBn(s, "conv" + (i + 1), in, widths[i], 3, 1, 1, 1, i > 0, true);
            in = widths[i];
            if (i == 1 || i == 3) s.add(maxPool());
        }
        s.add(Pool.globalAvgPool2dBlock());
        n.linear(s, "fc", 128, 10);
        return n.model("vgg_small", s, true);
    }

    static ZooModel resnet8() {
        Net n = new Net();
        SequentialBlock s = new SequentialBlock();
        n.convBn(s, "conv1", 1, 16, 3, 1, 1, 1, false, true);
        int in = 16;
        int[] widths = {16, 32, 64};
        for (int i = 0; i < 3; i++) {
            String p = "layer" + (i + 1);
            int out = widths[i];
            int stride = i == 0 ? 1 : 2;
            SequentialBlock main = new SequentialBlock();
            n.convBn(main, p + "_conv1", in, out, 3, stride, 1, 1, true, true);
            n.convBn(main, p + "_conv2", out, out, 3, 1, 1, 1, true, false);
            Block shortcut;
            if (stride == 1 && in == out) {
                shortcut = Blocks.identityBlock();
            } else {
                SequentialBlock sc = new SequentialBlock();
                n.convBn(sc, p + "_shortcut", in, out, 1, stride, 0, 1, true, false);
                shortcut = sc;
            }
            s.add(new ParallelBlock(Zoo::sumRelu, List.of(main, shortcut))); // = pN_add, then ReLU
            in = out;
        }
        s.add(Pool.globalAvgPool2dBlock());
        n.linear(s, "fc", 64, 10);
        return n.model("resnet8", s, true);
    }

    static ZooModel mobilenetSmall() {
        Net n = new Net();
        SequentialBlock s = new SequentialBlock();
        n.convBn(s, "conv1", 1, 16, 3, 1, 1, 1, false, true);
        int[][] blocks = {{16, 32, 1}, {32, 64, 2}, {64, 64, 1}, {64, 128, 2}, {128, 128, 1}};
        for (int i = 0; i < blocks.length; i++) {
            int in = blocks[i][0], out = blocks[i][1], stride = blocks[i][2];
            String p = "block" + (i + 1);
            n.convBn(s, p + "_dw", in, in, 3, stride, 1, in, true, true);
            n.convBn(s, p + "_pw", in, out, 1, 1, 0, 1, true, true);
        }
        s.add(Pool.globalAvgPool2dBlock());
        n.linear(s, "fc", 128, 10);
        return n.model("mobilenet_small", s, true);
    }

    /** RepVGG stages: name, in, out, stride. */
    static final Object[][] REPVGG = {
            {"stage0", 1, 16, 1}, {"stage1_0", 16, 32, 2}, {"stage1_1", 32, 32, 1},
            {"stage2_0", 32, 64, 2}, {"stage2_1", 64, 64, 1}, {"stage3_0", 64, 128, 2}};

    /** {@code deploy}: one 3×3 conv with bias per block; otherwise 3×3+BN ‖ 1×1+BN ‖ identity BN, summed. */
    static ZooModel repvgg(boolean deploy) {
        Net n = new Net();
        SequentialBlock s = new SequentialBlock();
        for (Object[] st : REPVGG) {
            String name = (String) st[0];
            int in = (Integer) st[1], out = (Integer) st[2], stride = (Integer) st[3];
            boolean threshold = !name.equals("stage0");
            if (deploy) {
                n.conv(s, name, in, out, 3, stride, 1, 1, true, threshold);
            } else {
                ActivationTap tap = new ActivationTap(name);
                Conv2d c3 = Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                        .optPadding(new Shape(1, 1)).setFilters(out).optBias(false).build();
                Conv2d c1 = Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                        .setFilters(out).optBias(false).build();
                BatchNorm bn3 = bn(), bn1 = bn();
                BatchNorm bnId = stride == 1 && in == out ? bn() : null;
                List<Block> br = new ArrayList<>();
                br.add(new SequentialBlock().add(c3).add(bn3));
                br.add(new SequentialBlock().add(c1).add(bn1));
                if (bnId != null) br.add(bnId);
                s.add(tap.block());
                s.add(new ParallelBlock(Zoo::sum, br));
                n.layers.add(new PrunableBlock(LayerSpec.conv(name, in, out, 3, stride, 1, 1, threshold), c3, tap));
                n.branches.put(name, new RepVgg.Branches(c3, bn3, c1, bn1, bnId));
            }
            s.add(Activation.reluBlock());
        }
        s.add(Pool.globalAvgPool2dBlock());
        n.linear(s, "fc", 128, 10);
        return n.model("repvgg_small", s, deploy);
    }

    private static NDList sum(List<NDList> branches) {
        NDArray acc = branches.get(0).singletonOrThrow();
        for (int i = 1; i < branches.size(); i++) acc = acc.add(branches.get(i).singletonOrThrow());
        return new NDList(acc);
    }

    private static NDList sumRelu(List<NDList> branches) {
        return new NDList(Activation.relu(sum(branches).singletonOrThrow()));
    }
}
