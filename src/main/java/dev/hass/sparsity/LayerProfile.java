package dev.hass.sparsity;

/**
 * Sparsity of one prunable layer over a set of images.
 *
 * @param weightSparsity     fraction of the layer's weights that are zero
 * @param activationSparsity fraction of the layer's input values that are zero (unpadded input tensor)
 * @param productSparsity    fraction of the activation × weight products that are zero
 * @param histogram          conv: {@code C × (K²+1)} (see {@link WindowHistogram}); linear: null
 */
public record LayerProfile(double weightSparsity, double activationSparsity, double productSparsity,
                           double[][] histogram) {}
