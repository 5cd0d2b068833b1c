package dev.hass.cluster;

/**
 * One worker of a search on many workers, for {@code hass batch status}: what its heartbeat file says
 * ({@code running}, {@code idle}, {@code gone}), else what the scheduler says ({@code pending}, {@code starting}).
 *
 * @param name           the worker's name: its Slurm array task ({@code 123_4}), or what it was started with
 * @param state          running, idle, gone, pending or starting
 * @param scored         candidates it scored (0 before it reported)
 * @param schedulerState Slurm's state of its array task, or null when the scheduler does not know it
 * @param detail         what it does, or why it is gone
 */
public record WorkerTaskStatus(String name, String state, int scored, String schedulerState, String detail) {}
