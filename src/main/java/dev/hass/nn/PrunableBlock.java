package dev.hass.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * A prunable layer of a built model: its geometry, its DJL block (Conv2d or Linear) and the tap on its input.
 */
public record PrunableBlock(LayerSpec spec, Block block, ActivationTap tap) {

    public String name() {
        return spec.name();
    }

    /** The weight parameter (F × C/g × K × K for conv, out × in for linear). */
    public Parameter weight() {
        return block.getParameters().get("weight");
    }

    /** The bias parameter, or null when the layer has none (conv followed by BatchNorm). */
    public Parameter bias() {
        return block.getParameters().get("bias");
    }
}
