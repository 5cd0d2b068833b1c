/**
 * Checks of the model against the fpgaConvNet reference's own figures (per-layer vectors and whole
 * network runs). The reference's documented mistakes ("quirks": rows² bounds, global pooling's C/coarse,
 * the inner product's floor, unrounded DSP) live only here, in {@link dev.hass.hardware.conformance.ReferenceQuirks}
 * and {@link dev.hass.hardware.conformance.ReferenceModel}, so the production model stays our own.
 * Depends on everything else in {@code hardware}; nothing in it depends on this package.
 */
package dev.hass.hardware.conformance;
