/**
 * Design-space exploration: a {@link dev.hass.hardware.dse.Design} is a pipeline at one folding on one
 * board (interval, throughput, resources, off-chip traffic, feasibility); {@link dev.hass.hardware.dse.Dse}
 * finds the fastest design that fits (the exact {@code FoldingSearch}, compared with the reference
 * optimiser's greedy folding); {@link dev.hass.hardware.dse.DesignReport} and
 * {@link dev.hass.hardware.dse.MemoryPlan} describe a design. The entry point for the rest of HASS.
 */
package dev.hass.hardware.dse;
