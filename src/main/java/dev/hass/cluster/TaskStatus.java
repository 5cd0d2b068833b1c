package dev.hass.cluster;

/**
 * @param task   the task
 * @param state  its state
 * @param job    the Slurm job of its latest run ({@code 123_4}), or null
 * @param detail one line: exit code and wall time, the scheduler's state, or why it is missing
 */
public record TaskStatus(TaskSpec task, TaskState state, String job, String detail) {}
