package dev.hass.experiment;

import dev.hass.space.SpaceLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in Fashion-MNIST zoo (briefs/ZOO.md): architecture names and their prunable layers in
 * network order. The experiment file is checked against these names before any model is built; the
 * search cross-checks them against the oracle's model.
 */
public final class Architectures {
    private Architectures() {}

    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("lenet5", List.of("conv1", "conv2", "fc1", "fc2", "fc3"));
        LAYERS.put("vgg_small", List.of("conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "fc"));
        LAYERS.put("resnet8", List.of("conv1", "layer1_conv1", "layer1_conv2", "layer2_conv1", "layer2_conv2",
                "layer2_shortcut", "layer3_conv1", "layer3_conv2", "layer3_shortcut", "fc"));
        List<String> mb = new ArrayList<>(List.of("conv1"));
        for (int b = 1; b <= 5; b++) {
            mb.add("block" + b + "_dw");
            mb.add("block" + b + "_pw");
        }
        mb.add("fc");
        LAYERS.put("mobilenet_small", List.copyOf(mb));
        LAYERS.put("repvgg_small", List.of("stage0", "stage1_0", "stage1_1", "stage2_0", "stage2_1", "stage3_0", "fc"));
    }

    public static List<String> names() { return List.copyOf(LAYERS.keySet()); }

    public static boolean known(String architecture) { return LAYERS.containsKey(architecture); }

    /** Prunable layer names in network order. */
    public static List<String> layerNames(String architecture) {
        List<String> l = LAYERS.get(architecture);
        if (l == null) throw new IllegalArgumentException("unknown architecture " + architecture + "; known: " + names());
        return l;
    }

    /** The space's view: every layer but the first (whose input is the image) has an activation threshold. */
    public static List<SpaceLayer> spaceLayers(String architecture) {
        List<String> names = layerNames(architecture);
        List<SpaceLayer> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) out.add(new SpaceLayer(names.get(i), i > 0));
        return out;
    }
}
