package dev.hass.nn;

/**
 * The geometry of one prunable layer (Conv2d or Linear) of a zoo model.
 *
 * @param name                   stable zoo name, docs/neural.md ({@code conv1}, {@code layer2_shortcut}, {@code fc}, ...)
 * @param conv                   true for Conv2d, false for Linear
 * @param inChannels             input channels (conv) / input features (linear)
 * @param outChannels            filters / output features
 * @param kernel                 K (square); 1 for linear
 * @param stride                 conv stride; 1 for linear
 * @param padding                conv zero padding on each side; 0 for linear
 * @param groups                 conv groups (= channels for depthwise); 1 for linear
 * @param hasActivationThreshold false for the layer that reads the image
 */
public record LayerSpec(String name, boolean conv, int inChannels, int outChannels, int kernel, int stride,
                        int padding, int groups, boolean hasActivationThreshold) {

    static LayerSpec conv(String name, int in, int out, int k, int stride, int pad, int groups, boolean threshold) {
        return new LayerSpec(name, true, in, out, k, stride, pad, groups, threshold);
    }

    static LayerSpec linear(String name, int in, int out) {
        return new LayerSpec(name, false, in, out, 1, 1, 0, 1, true);
    }
}
