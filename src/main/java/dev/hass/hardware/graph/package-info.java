/**
 * Network descriptions independent of any hardware: {@link dev.hass.hardware.graph.Network} (named
 * {@link dev.hass.hardware.graph.Node}s with an {@link dev.hass.hardware.graph.Op} and shapes), the
 * built-in {@link dev.hass.hardware.graph.Networks}, and the measured window zero-product
 * {@link dev.hass.hardware.graph.ChannelHistograms} of conv layers. A leaf.
 */
package dev.hass.hardware.graph;
