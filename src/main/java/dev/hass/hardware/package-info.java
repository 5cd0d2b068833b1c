/**
 * The dataflow accelerator model (fpgaConvNet style): network descriptions, per-stage cost models,
 * platforms, designs and the folding optimiser (DSE). Depends on nothing else in HASS.
 *
 * <p>Contract between the parts, fixed here so they can be built in parallel:
 * <ul>
 *   <li>{@link dev.hass.hardware.Stage}: one hardware stage (a layer of the accelerator) whose cost
 *       is a pure function of its {@link dev.hass.hardware.Folding}; implemented per layer kind.</li>
 *   <li>{@link dev.hass.hardware.StageMetrics} / {@link dev.hass.hardware.Resources}: what a stage
 *       costs at one folding.</li>
 *   <li>{@link dev.hass.hardware.ChannelHistograms}: measured window zero-product histograms of a
 *       conv layer, the input of the sparse cost models.</li>
 * </ul>
 */
package dev.hass.hardware;
