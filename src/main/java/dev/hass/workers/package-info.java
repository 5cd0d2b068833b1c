/**
 * One search on many workers: a file-based work queue in the results folder ({@code work/}), a shared file
 * system being the only thing coordinator and workers have in common (no server, no sockets).
 *
 * <p>The coordinator ({@link dev.hass.workers.WorkQueue}, a {@link dev.hass.search.BatchScorer}) writes each batch's
 * candidates as files; workers ({@link dev.hass.workers.Worker}) claim one by atomically creating its lease file,
 * keep the lease alive while they score it, and write the result atomically. The coordinator alone appends to
 * {@code trials.jsonl}, in candidate order, and alone holds the folder's {@code .hass.lock}: how many workers there
 * are, or which one scored what, never shows in the log. {@link dev.hass.workers.LocalWorkers} starts worker
 * processes on this machine. Uses {@code dev.hass.search} (the scorer interfaces) and {@code dev.hass.study}.
 */
package dev.hass.workers;
