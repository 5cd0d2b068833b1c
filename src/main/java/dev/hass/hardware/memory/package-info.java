/**
 * Where a conv or inner-product stage keeps its weights: {@link dev.hass.hardware.memory.WeightStorage}
 * BRAM (the stage's own cost model), URAM ({@link dev.hass.hardware.memory.UramWeights}) or streamed from
 * off-chip memory ({@link dev.hass.hardware.memory.OffChipWeights}), with the arithmetic in
 * {@link dev.hass.hardware.memory.WeightMemory}. Depends on {@code board} and {@code stage}.
 */
package dev.hass.hardware.memory;
