package dev.hass.hardware.graph;

import dev.hass.hardware.graph.Op.ActivationKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Built-in network descriptions: ImageNet models (3×224×224, 1000 classes) as in their papers and
 * torchvision, and the small Fashion-MNIST zoo (1×28×28, 10 classes) of the project, whose prunable
 * layer names are the keys shared with the trained DJL models.
 *
 * <p>Names of non-prunable nodes derive from the layer they follow ({@code conv1_bn}, {@code conv1_relu}).
 * ImageNet models use underscores where torchvision uses dots ({@code layer1_0_conv1}).
 */
public final class Networks {
    private Networks() {}

    private static final TensorShape IMAGENET = new TensorShape(3, 224, 224);
    private static final TensorShape FASHION = new TensorShape(1, 28, 28);

    private static final Map<String, Supplier<Network>> BUILT_IN = new LinkedHashMap<>();
    static {
        BUILT_IN.put("resnet18", Networks::resnet18);
        BUILT_IN.put("resnet50", Networks::resnet50);
        BUILT_IN.put("mobilenet_v2", Networks::mobilenetV2);
        BUILT_IN.put("mobilenet_v3_small", Networks::mobilenetV3Small);
        BUILT_IN.put("mobilenet_v3_large", Networks::mobilenetV3Large);
        BUILT_IN.put("vgg16", Networks::vgg16);
        BUILT_IN.put("repvgg_a0", Networks::repvggA0);
        BUILT_IN.put("lenet5", Networks::lenet5);
        BUILT_IN.put("vgg_small", Networks::vggSmall);
        BUILT_IN.put("resnet8", Networks::resnet8);
        BUILT_IN.put("mobilenet_small", Networks::mobilenetSmall);
        BUILT_IN.put("repvgg_small", Networks::repvggSmall);
    }

    /** Names of all built-in networks: the ImageNet ones first, then the Fashion-MNIST zoo. */
    public static List<String> names() { return List.copyOf(BUILT_IN.keySet()); }

    /** Names of the built-in ImageNet networks (224×224 inputs). */
    public static List<String> imageNetNames() {
        return List.of("resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large", "vgg16", "repvgg_a0");
    }

    /** Names of the small Fashion-MNIST zoo networks (see ZOO spec). */
    public static List<String> zooNames() { return List.of("lenet5", "vgg_small", "resnet8", "mobilenet_small", "repvgg_small"); }

    /** The built-in network of that name; {@link IllegalArgumentException} listing the names otherwise. */
    public static Network builtIn(String name) {
        Supplier<Network> s = BUILT_IN.get(name);
        if (s == null) throw new IllegalArgumentException("unknown network '" + name + "'; built-in networks: " + String.join(", ", names()));
        return s.get();
    }

    /**
     * The network with every conv's filters (and every inner product's outputs but the classifier's)
     * scaled by {@code factor} and rounded, depthwise groups following their channels: the same topology
     * at another width, for stress-testing the DSE on bigger layers than the shared reference networks.
     * Node names are unchanged, so per-layer data keyed by name still applies (see
     * {@link ChannelHistograms#tiled(int)} for histograms).
     */
    public static Network widened(Network network, double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("width factor must be > 0, got " + factor);
        java.util.List<Node> nodes = new java.util.ArrayList<>();
        Node last = network.nodes().get(network.nodes().size() - 1);
        Node classifier = null;
        for (Node n : network.nodes()) if (n.op() instanceof Op.InnerProduct) classifier = n;
        for (Node n : network.nodes()) {
            Op op = n.op();
            if (op instanceof Op.Conv c) {
                int filters = Math.max(1, (int) Math.round(c.filters() * factor));
                int channels = network.inputShape(n.name()).channels();
                boolean depthwise = c.isDepthwise(channels);
                int groups = depthwise ? filters : c.groups();
                if (filters % groups != 0) filters = Math.max(groups, filters / groups * groups);
                op = new Op.Conv(filters, c.kernelRows(), c.kernelCols(), c.strideRows(), c.strideCols(),
                        c.padTop(), c.padRight(), c.padBottom(), c.padLeft(), groups, c.bias());
            } else if (op instanceof Op.InnerProduct ip && n != classifier && n != last) {
                op = new Op.InnerProduct(Math.max(1, (int) Math.round(ip.outFeatures() * factor)), ip.bias());
            }
            nodes.add(new Node(n.name(), op, n.inputs()));
        }
        String suffix = factor == Math.rint(factor) ? String.valueOf((int) factor) : String.valueOf(factor);
        return new Network(network.name() + "_x" + suffix, network.inputName(), network.input(), nodes);
    }

    // ---------------------------------------------------------------- ImageNet

    /** ResNet-18 (He et al. 2016), torchvision layout: 11 689 512 parameters, 1.81 GMAC. */
    public static Network resnet18() { return resnet("resnet18", new int[] {2, 2, 2, 2}, false); }

    /** ResNet-50 v1.5 (stride on the 3×3 conv, as torchvision): 25 557 032 parameters, 4.09 GMAC. */
    public static Network resnet50() { return resnet("resnet50", new int[] {3, 4, 6, 3}, true); }

    private static Network resnet(String name, int[] depths, boolean bottleneck) {
        Network.Builder b = Network.builder(name, IMAGENET)
                .conv("conv1", 64, 7, 2, 3).bn("bn1").relu("relu").maxPool("maxpool", 3, 2, 1);
        int expansion = bottleneck ? 4 : 1;
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            for (int i = 0; i < depths[stage]; i++) {
                int stride = (stage > 0 && i == 0) ? 2 : 1;
                String p = "layer" + (stage + 1) + "_" + i + "_";
                String blockIn = b.current();
                int out = width * expansion;
                if (bottleneck) {
                    b.conv(p + "conv1", width, 1, 1, 0).bn(p + "bn1").relu(p + "relu1")
                            .conv(p + "conv2", width, 3, stride, 1).bn(p + "bn2").relu(p + "relu2")
                            .conv(p + "conv3", out, 1, 1, 0).bn(p + "bn3");
                } else {
                    b.conv(p + "conv1", width, 3, stride, 1).bn(p + "bn1").relu(p + "relu1")
                            .conv(p + "conv2", width, 3, 1, 1).bn(p + "bn2");
                }
                String main = b.current();
                String shortcut = blockIn;
                if (stride != 1 || in != out) {
                    b.from(blockIn).conv(p + "downsample", out, 1, stride, 0).bn(p + "downsample_bn");
                    shortcut = b.current();
                }
                b.add(p + "add", main, shortcut).relu(p + "relu");
                in = out;
            }
        }
        return b.globalAvgPool("avgpool").fc("fc", 1000).build();
    }

    /** VGG-16 (configuration D, no BatchNorm): 138 357 544 parameters, 15.5 GMAC. */
    public static Network vgg16() {
        Network.Builder b = Network.builder("vgg16", IMAGENET);
        int[][] stages = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        for (int s = 0; s < stages.length; s++) {
            for (int i = 0; i < stages[s].length; i++) {
                String n = "conv" + (s + 1) + "_" + (i + 1);
                b.convBias(n, stages[s][i], 3, 1, 1).relu(n + "_relu");
            }
            b.maxPool("pool" + (s + 1), 2, 2);
        }
        return b.flatten("flatten").fc("fc6", 4096).relu("fc6_relu").fc("fc7", 4096).relu("fc7_relu").fc("fc8", 1000).build();
    }

    /** MobileNetV2 (Sandler et al. 2018), width 1.0: 3 504 872 parameters, 300 MMAC. */
    public static Network mobilenetV2() {
        Network.Builder b = Network.builder("mobilenet_v2", IMAGENET)
                .conv("conv1", 32, 3, 2, 1).bn("conv1_bn").act("conv1_relu6", ActivationKind.RELU6);
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        int in = 32, block = 0;
        for (int[] st : settings) {
            for (int i = 0; i < st[2]; i++) {
                int stride = i == 0 ? st[3] : 1, out = st[1], hidden = in * st[0];
                String p = "block" + (++block) + "_";
                String blockIn = b.current();
                if (st[0] != 1) b.pointwise(p + "expand", hidden).bn(p + "expand_bn").act(p + "expand_relu6", ActivationKind.RELU6);
                b.depthwise(p + "dw", 3, stride).bn(p + "dw_bn").act(p + "dw_relu6", ActivationKind.RELU6)
                        .pointwise(p + "project", out).bn(p + "project_bn");
                if (stride == 1 && in == out) b.add(p + "add", b.current(), blockIn);
                in = out;
            }
        }
        return b.pointwise("conv_last", 1280).bn("conv_last_bn").act("conv_last_relu6", ActivationKind.RELU6)
                .globalAvgPool("avgpool").fc("fc", 1000).build();
    }

    /** One MobileNetV3 bottleneck: kernel, expanded width, out width, squeeze-excite, hard-swish, stride. */
    private record Bneck(int k, int exp, int out, boolean se, boolean hs, int stride) {}

    /** MobileNetV3-Large (Howard et al. 2019), torchvision: 5 483 032 parameters, 217 MMAC. */
    public static Network mobilenetV3Large() {
        return mobilenetV3("mobilenet_v3_large", List.of(
                new Bneck(3, 16, 16, false, false, 1), new Bneck(3, 64, 24, false, false, 2), new Bneck(3, 72, 24, false, false, 1),
                new Bneck(5, 72, 40, true, false, 2), new Bneck(5, 120, 40, true, false, 1), new Bneck(5, 120, 40, true, false, 1),
                new Bneck(3, 240, 80, false, true, 2), new Bneck(3, 200, 80, false, true, 1), new Bneck(3, 184, 80, false, true, 1),
                new Bneck(3, 184, 80, false, true, 1), new Bneck(3, 480, 112, true, true, 1), new Bneck(3, 672, 112, true, true, 1),
                new Bneck(5, 672, 160, true, true, 2), new Bneck(5, 960, 160, true, true, 1), new Bneck(5, 960, 160, true, true, 1)),
                960, 1280);
    }

    /** MobileNetV3-Small (Howard et al. 2019), torchvision: 2 542 856 parameters, 57 MMAC. */
    public static Network mobilenetV3Small() {
        return mobilenetV3("mobilenet_v3_small", List.of(
                new Bneck(3, 16, 16, true, false, 2), new Bneck(3, 72, 24, false, false, 2), new Bneck(3, 88, 24, false, false, 1),
                new Bneck(5, 96, 40, true, true, 2), new Bneck(5, 240, 40, true, true, 1), new Bneck(5, 240, 40, true, true, 1),
                new Bneck(5, 120, 48, true, true, 1), new Bneck(5, 144, 48, true, true, 1), new Bneck(5, 288, 96, true, true, 2),
                new Bneck(5, 576, 96, true, true, 1), new Bneck(5, 576, 96, true, true, 1)),
                576, 1024);
    }

    private static Network mobilenetV3(String name, List<Bneck> blocks, int lastConv, int hidden) {
        Network.Builder b = Network.builder(name, IMAGENET)
                .conv("conv1", 16, 3, 2, 1).bn("conv1_bn").act("conv1_hardswish", ActivationKind.HARDSWISH);
        int in = 16, i = 0;
        for (Bneck k : blocks) {
            String p = "block" + (++i) + "_";
            String blockIn = b.current();
            ActivationKind act = k.hs() ? ActivationKind.HARDSWISH : ActivationKind.RELU;
            String actName = k.hs() ? "_hardswish" : "_relu";
            if (k.exp() != in) b.pointwise(p + "expand", k.exp()).bn(p + "expand_bn").act(p + "expand" + actName, act);
            b.depthwise(p + "dw", k.k(), k.stride()).bn(p + "dw_bn").act(p + "dw" + actName, act);
            if (k.se()) {
                String x = b.current();
                int squeeze = makeDivisible(k.exp() / 4, 8);
                b.globalAvgPool(p + "se_pool")
                        .convBias(p + "se_fc1", squeeze, 1, 1, 0).relu(p + "se_relu")
                        .convBias(p + "se_fc2", k.exp(), 1, 1, 0).act(p + "se_hardsigmoid", ActivationKind.HARDSIGMOID)
                        .mul(p + "se_mul", x, b.current());
            }
            b.pointwise(p + "project", k.out()).bn(p + "project_bn");
            if (k.stride() == 1 && in == k.out()) b.add(p + "add", b.current(), blockIn);
            in = k.out();
        }
        return b.pointwise("conv_last", lastConv).bn("conv_last_bn").act("conv_last_hardswish", ActivationKind.HARDSWISH)
                .globalAvgPool("avgpool")
                .fc("fc1", hidden).act("fc1_hardswish", ActivationKind.HARDSWISH)
                .fc("fc2", 1000).build();
    }

    /** The channel rounding of the MobileNet reference code: nearest multiple of {@code d}, never below 90 % of v. */
    static int makeDivisible(int v, int d) {
        int n = Math.max(d, (v + d / 2) / d * d);
        return n < 0.9 * v ? n + d : n;
    }

    /**
     * RepVGG-A0 (Ding et al. 2021) in deploy form: one 3×3 conv with bias + ReLU per block; widths
     * 48/48/96/192/1280, depths 1/2/4/14/1, the first block of every stage with stride 2.
     */
    public static Network repvggA0() {
        Network.Builder b = Network.builder("repvgg_a0", IMAGENET);
        int[] widths = {48, 48, 96, 192, 1280};
        int[] depths = {1, 2, 4, 14, 1};
        for (int s = 0; s < widths.length; s++) {
            for (int i = 0; i < depths[s]; i++) {
                String n = "stage" + s + "_" + i;
                b.convBias(n, widths[s], 3, i == 0 ? 2 : 1, 1).relu(n + "_relu");
            }
        }
        return b.globalAvgPool("gap").fc("fc", 1000).build();
    }

    // ---------------------------------------------------------------- Fashion-MNIST zoo (ZOO spec)

    /** LeNet-5: conv1 6@5×5 p2, pool, conv2 16@5×5, pool, fc1 120, fc2 84, fc3 10. */
    public static Network lenet5() {
        return Network.builder("lenet5", FASHION)
                .convBias("conv1", 6, 5, 1, 2).relu("conv1_relu").maxPool("pool1", 2, 2)
                .convBias("conv2", 16, 5, 1, 0).relu("conv2_relu").maxPool("pool2", 2, 2)
                .flatten("flatten")
                .fc("fc1", 120).relu("fc1_relu").fc("fc2", 84).relu("fc2_relu").fc("fc3", 10)
                .build();
    }

    /** Six 3×3 convs with BN (32, 32, pool, 64, 64, pool, 128, 128), global average pool, fc 10. */
    public static Network vggSmall() {
        Network.Builder b = Network.builder("vgg_small", FASHION);
        int[] widths = {32, 32, 64, 64, 128, 128};
        for (int i = 0; i < widths.length; i++) {
            String n = "conv" + (i + 1);
            b.conv(n, widths[i], 3, 1, 1).bn(n + "_bn").relu(n + "_relu");
            if (i == 1) b.maxPool("pool1", 2, 2);
            if (i == 3) b.maxPool("pool2", 2, 2);
        }
        return b.globalAvgPool("gap").fc("fc", 10).build();
    }

    /** ResNet-8: conv1 16, three basic blocks (16, 32/2, 64/2) with 1×1 projection shortcuts, gap, fc 10. */
    public static Network resnet8() {
        Network.Builder b = Network.builder("resnet8", FASHION).conv("conv1", 16, 3, 1, 1).bn("conv1_bn").relu("conv1_relu");
        int in = 16;
        for (int l = 1; l <= 3; l++) {
            int width = 16 << (l - 1), stride = l == 1 ? 1 : 2;
            String p = "layer" + l + "_";
            String blockIn = b.current();
            b.conv(p + "conv1", width, 3, stride, 1).bn(p + "conv1_bn").relu(p + "conv1_relu")
                    .conv(p + "conv2", width, 3, 1, 1).bn(p + "conv2_bn");
            String main = b.current();
            String shortcut = blockIn;
            if (stride != 1 || in != width) {
                b.from(blockIn).conv(p + "shortcut", width, 1, stride, 0).bn(p + "shortcut_bn");
                shortcut = b.current();
            }
            b.add(p + "add", main, shortcut).relu(p + "relu");
            in = width;
        }
        return b.globalAvgPool("gap").fc("fc", 10).build();
    }

    /** conv1 16 + five depthwise-separable blocks (32, 64/2, 64, 128/2, 128), gap, fc 10. */
    public static Network mobilenetSmall() {
        Network.Builder b = Network.builder("mobilenet_small", FASHION).conv("conv1", 16, 3, 1, 1).bn("conv1_bn").relu("conv1_relu");
        int[][] blocks = {{32, 1}, {64, 2}, {64, 1}, {128, 2}, {128, 1}};
        for (int i = 0; i < blocks.length; i++) {
            String p = "block" + (i + 1) + "_";
            b.depthwise(p + "dw", 3, blocks[i][1]).bn(p + "dw_bn").relu(p + "dw_relu")
                    .pointwise(p + "pw", blocks[i][0]).bn(p + "pw_bn").relu(p + "pw_relu");
        }
        return b.globalAvgPool("gap").fc("fc", 10).build();
    }

    /** RepVGG deploy form: stage0 16, stage1 32/2 ×2, stage2 64/2 ×2, stage3 128/2, gap, fc 10. */
    public static Network repvggSmall() {
        Network.Builder b = Network.builder("repvgg_small", FASHION);
        String[] names = {"stage0", "stage1_0", "stage1_1", "stage2_0", "stage2_1", "stage3_0"};
        int[] widths = {16, 32, 32, 64, 64, 128};
        int[] strides = {1, 2, 1, 2, 1, 2};
        for (int i = 0; i < names.length; i++) b.convBias(names[i], widths[i], 3, strides[i], 1).relu(names[i] + "_relu");
        return b.globalAvgPool("gap").fc("fc", 10).build();
    }
}
