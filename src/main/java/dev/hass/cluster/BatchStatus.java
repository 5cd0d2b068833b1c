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
 */
public record BatchStatus(Path dir, Batch batch, List<TaskStatus> tasks, String source, String collectorJob,
                          String collectorState) {
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
        return s.toString();
    }
}
