package dev.hass.oracle;

/**
 * A Conv or Linear layer whose weights (and, if it has one, whose input activations) can be thresholded.
 *
 * @param name                    stable zoo name (docs/neural.md), e.g. {@code conv1}, {@code layer2_shortcut}, {@code fc1}
 * @param kind                    CONV or LINEAR
 * @param inChannels              input channels (conv) or input features (linear)
 * @param outChannels             filters (conv) or output features (linear)
 * @param kernel                  square kernel size K (1 for linear)
 * @param groups                  conv groups (= channels for depthwise; 1 for linear)
 * @param hasActivationThreshold  false for the first layer (its input is the image)
 */
public record PrunableLayer(String name, Kind kind, int inChannels, int outChannels, int kernel, int groups,
                            boolean hasActivationThreshold) {

    /** The layer types that carry prunable weights. */
    public enum Kind { CONV, LINEAR }
}
