/**
 * A network as hardware: {@link dev.hass.hardware.pipeline.Lowering} turns a
 * {@link dev.hass.hardware.graph.Network} into a {@link dev.hass.hardware.pipeline.Pipeline} of stages
 * and the streams between them (BatchNorm fused, splits inserted), with the standard cost model per
 * layer kind or a caller's {@link dev.hass.hardware.pipeline.Lowering.StageFactory}. No folding yet.
 * Depends on {@code graph}, {@code stage} and {@code memory}.
 */
package dev.hass.hardware.pipeline;
