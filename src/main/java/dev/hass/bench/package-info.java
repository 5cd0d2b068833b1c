/**
 * Benchmarks of the hardware model behind {@code hass bench}: the DSE's wall and CPU time
 * ({@link dev.hass.bench.DseBenchmark}) and the memory-model acceptance grid
 * ({@link dev.hass.bench.MemoryBenchmark}). Kept out of {@code hardware}, which holds the model only.
 */
package dev.hass.bench;
