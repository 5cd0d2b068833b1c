package dev.hass.cluster;

/**
 * One search on many workers ({@code hass submit --slurm --workers N}): the batch's single task is the coordinating
 * search, and an array of {@code count} {@code hass worker} tasks scores its candidates.
 *
 * @param count            worker tasks
 * @param threadsPerWorker libtorch threads, and Slurm CPUs, of each worker task
 * @param leaseSeconds     the search's {@code --lease-seconds}: a worker silent this long loses its candidate
 * @param waitSeconds      each worker's {@code --wait-seconds}: how long it waits for the coordinator's queue
 */
public record WorkerOptions(int count, int threadsPerWorker, int leaseSeconds, int waitSeconds) {}
