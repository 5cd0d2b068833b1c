package dev.hass.oracle;

/**
 * Sparsity statistics of one prunable layer, measured on the calibration subset.
 *
 * @param weightSparsity     fraction of weights that are exactly zero
 * @param activationSparsity fraction of the layer's input activations that are zero (after thresholding);
 *                           for conv layers counted on the unpadded input tensor
 * @param productSparsity    fraction of the activation × weight products that are zero (activation zero
 *                           OR weight zero); for conv this equals the mean window zero fraction, i.e.
 *                           {@code Σ_j j·hist[c][j] / K²} averaged over channels c, padding counting as zero
 * @param histogram          conv only (null for linear): {@code C × (K²+1)}, row c = input channel c of the
 *                           layer (per group member for depthwise, see {@code dev.hass.sparsity.WindowHistograms}),
 *                           entry j = probability that exactly j of the K² products of one (filter, window)
 *                           pair on that channel are zero; rows sum to 1
 */
public record LayerSparsity(double weightSparsity, double activationSparsity, double productSparsity,
                            double[][] histogram) {
}
