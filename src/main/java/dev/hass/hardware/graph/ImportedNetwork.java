package dev.hass.hardware.graph;

import java.util.Map;

/**
 * A network read from ONNX with the window zero-product histograms found on its Conv nodes
 * (fpgaConvNet's {@code channel_sparsity_hist} attribute), keyed by node name. Conv nodes without
 * the attribute have no entry. Entries are in network order.
 */
public record ImportedNetwork(Network network, Map<String, ChannelHistograms> histograms) {
    public ImportedNetwork {
        histograms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(histograms));
        for (String n : histograms.keySet()) {
            if (!(network.node(n).op() instanceof Op.Conv)) throw new IllegalArgumentException("histograms given for non-conv node " + n);
        }
    }
}
