/**
 * Batch runs: a matrix of experiments × boards × seeds expanded into tasks, each one {@code hass search}
 * in its own JVM, submitted to Slurm as an array job plus a collector job, or run on this machine.
 *
 * <p>A batch folder ({@code results/batches/<id>/}) holds everything: {@code tasks.json} (the
 * {@link dev.hass.cluster.Batch} manifest, with a format version), the generated task wrapper
 * {@code run-task.sh} and Slurm scripts, one folder per task. The task folders, not the scheduler's
 * accounting, are the source of truth: the wrapper writes {@code DONE} or {@code FAILED} there.
 * Uses only {@code dev.hass.experiment} of our packages.
 */
package dev.hass.cluster;
