/**
 * What a board offers and what a design takes: {@link dev.hass.hardware.board.Resources} (DSP, BRAM18,
 * LUT, FF, URAM), the built-in {@link dev.hass.hardware.board.Platforms}, and {@link dev.hass.hardware.board.Memory},
 * the analytic model of how many BRAM18/URAM blocks an array or FIFO needs. A leaf.
 */
package dev.hass.hardware.board;
