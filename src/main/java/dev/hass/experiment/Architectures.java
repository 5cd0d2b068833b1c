package dev.hass.experiment;

import dev.hass.hardware.graph.Networks;
import dev.hass.hardware.graph.Node;
import dev.hass.space.SpaceLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in Fashion-MNIST zoo: architecture names and their prunable layers in network order.
 * The one source of truth is the hardware description ({@link Networks#builtIn}); the DJL models of
 * {@code nn} use the same names (checked by {@code ZooNamesAgreeTest}), so the experiment file is
 * checked against these names before any model is built.
 */
public final class Architectures {
    private Architectures() {}

    public static List<String> names() { return Networks.zooNames(); }

    public static boolean known(String architecture) { return names().contains(architecture); }

    /** Prunable layer names in network order. */
    public static List<String> layerNames(String architecture) {
        if (!known(architecture)) {
            throw new IllegalArgumentException("unknown architecture " + architecture + "; known: " + names());
        }
        return Networks.builtIn(architecture).prunable().stream().map(Node::name).toList();
    }

    /** The space's view: every layer but the first (whose input is the image) has an activation threshold. */
    public static List<SpaceLayer> spaceLayers(String architecture) {
        List<String> names = layerNames(architecture);
        List<SpaceLayer> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) out.add(new SpaceLayer(names.get(i), i > 0));
        return out;
    }
}
