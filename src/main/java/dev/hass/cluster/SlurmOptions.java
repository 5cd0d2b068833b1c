package dev.hass.cluster;

/**
 * What each array task asks of Slurm; null means the cluster's default.
 *
 * @param maxParallel at most this many tasks at once ({@code --array=…%K}; locally, the worker count)
 */
public record SlurmOptions(String partition, String time, int cpusPerTask, String mem, Integer maxParallel) {}
