/**
 * The per-layer cost models: a {@link dev.hass.hardware.stage.Stage} is one stage of the dataflow
 * pipeline whose {@link dev.hass.hardware.stage.StageMetrics} (latency, rates, depth, resources) are a
 * pure function of its {@link dev.hass.hardware.stage.Folding}; one implementation per layer kind (dense,
 * sparse and pointwise-sparse conv, inner product, pooling, activation, eltwise, split, squeeze), the
 * fitted {@code LogicModel} for LUT/FF. Depends on {@code board} and {@code graph}.
 */
package dev.hass.hardware.stage;
