/**
 * Batch runs: a matrix of experiments × boards × seeds expanded into tasks, each one {@code hass search}
 * in its own JVM, submitted to Slurm as an array job plus a collector job, or run on this machine.
 *
 * <p>A batch folder ({@code results/batches/<id>/}) holds everything: {@code tasks.json} (the
 * {@link dev.hass.cluster.Batch} manifest, with a format version), the generated task wrapper
 * {@code run-task.sh} and Slurm scripts, one folder per task. The task folders, not the scheduler's
 * accounting, are the source of truth: the wrapper writes {@code DONE} or {@code FAILED} there.
 *
 * <p>One search on many workers ({@code submit --workers N}, {@link dev.hass.cluster.WorkerOptions}) is a batch of one
 * task, the coordinating search, plus a Slurm array of N {@code hass worker} tasks on its results folder; status
 * reads the workers' heartbeat files through {@code dev.hass.workers}. Uses {@code dev.hass.experiment},
 * {@code dev.hass.workers} and {@code dev.hass.study} of our packages.
 */
package dev.hass.cluster;
