package dev.hass.cluster;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every task's state, and the collector job's.
 *
 * @param source    where scheduler states came from: {@code squeue}, {@code sacct}, or {@code files}
 * @param collectorJob   the latest collector job, or null when there is none
 * @param collectorState its Slurm state, or null when the scheduler does not know it (any more)
 * @param workers   for one search on many workers, each worker; else empty
 */
public record BatchStatus(Path dir, Batch batch, List<TaskStatus> tasks, String source, String collectorJob,
                          String collectorState, List<WorkerTaskStatus> workers) {
    public BatchStatus(Path dir, Batch batch, List<TaskStatus> tasks, String source, String collectorJob, String collectorState) {
        this(dir, batch, tasks, source, collectorJob, collectorState, List.of());
    }

    public Map<TaskState, Integer> counts() {
        Map<TaskState, Integer> c = new EnumMap<>(TaskState.class);
        for (TaskStatus t : tasks) c.merge(t.state(), 1, Integer::sum);
        return c;
    }

    public TaskStatus of(int index) {
        return tasks.get(index);
    }

    /** A fixed-width table for people. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("batch ").append(batch.id()).append(" (").append(dir).append(")\n");
        int w = Math.max(10, tasks.stream().mapToInt(t -> t.task().name().length()).max().orElse(10));
        int wb = Math.max(5, tasks.stream().mapToInt(t -> t.task().board().length()).max().orElse(5));
        String fmt = "%4s  %-" + w + "s  %-" + wb + "s  %6s  %-9s  %-12s  %s%n";
        s.append(String.format(fmt, "task", "experiment", "board", "seed", "state", "job", "detail"));
        for (TaskStatus t : tasks) {
            s.append(String.format(fmt, t.task().index(), t.task().name(), t.task().board(), t.task().seed(),
                    t.state(), t.job() == null ? "-" : t.job(), t.detail()));
        }
        s.append(String.format("%d tasks:", tasks.size()));
        counts().forEach((k, v) -> s.append(' ').append(k).append(' ').append(v).append(','));
        s.setLength(s.length() - 1);
        s.append("  (scheduler states from ").append(source).append(")\n");
        if (collectorJob != null) {
            s.append("collector: job ").append(collectorJob).append(' ')
                    .append(collectorState != null ? collectorState : "unknown to the scheduler").append('\n');
        }
        if (batch.workers() != null) renderWorkers(s);
        return s.toString();
    }

    /** The workers of a search on many workers: one line each, then the counts. */
    private void renderWorkers(StringBuilder s) {
        WorkerOptions o = batch.workers();
        s.append(String.format("workers of task 0: %d asked, %d thread(s) each, lease %d s%n", o.count(), o.threadsPerWorker(),
                o.leaseSeconds()));
        int w = Math.max(6, workers.stream().mapToInt(x -> x.name().length()).max().orElse(6));
        String fmt = "  %-" + w + "s  %-8s  %10s  %-10s  %s%n";
        s.append(String.format(fmt, "worker", "state", "candidates", "scheduler", "detail"));
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (WorkerTaskStatus x : workers) {
            s.append(String.format(fmt, x.name(), x.state(), x.scored(), x.schedulerState() == null ? "-" : x.schedulerState(), x.detail()));
            counts.merge(x.state(), 1, Integer::sum);
        }
        int scored = workers.stream().mapToInt(WorkerTaskStatus::scored).sum();
        s.append("  ").append(workers.size()).append(" worker(s):");
        counts.forEach((k, v) -> s.append(' ').append(k).append(' ').append(v).append(','));
        if (!counts.isEmpty()) s.setLength(s.length() - 1);
        s.append("; ").append(scored).append(" candidate(s) scored\n");
    }
}
