package dev.hass.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a batch, stored as {@code tasks.json} in the batch folder.
 *
 * @param format      {@link #FORMAT}; a folder written with another format is refused, not guessed at
 * @param id          the batch id (its folder name)
 * @param createdAt   UTC, ISO-8601
 * @param hassVersion the version of hass that wrote it
 * @param hass        absolute path of {@code bin/hass}, used by the collector job
 * @param workDir     the folder {@code hass submit} ran in: tasks run there, so relative paths in
 *                    experiment files (checkpoints, output) mean what they meant to the user
 * @param taskCommand what each task runs instead of {@code bin/hass} (null: {@code bin/hass}); same arguments
 * @param evaluations the search budget per task, or null for the experiment's own
 * @param slurm       resources per task
 * @param tasks       the matrix, in array-index order
 * @param submissions every start of tasks, oldest first; for each task the last one that covers it counts
 * @param workers     for one search on many workers: the worker array (the single task is the coordinator); else null
 */
public record Batch(int format, String id, String createdAt, String hassVersion, String hass, String workDir, String taskCommand,
                    Integer evaluations, SlurmOptions slurm, List<TaskSpec> tasks, List<Submission> submissions,
                    WorkerOptions workers) {
    public static final int FORMAT = 1;
    public static final String MANIFEST = "tasks.json";

    public Batch withSubmission(Submission s) {
        List<Submission> all = new ArrayList<>(submissions);
        all.add(s);
        return new Batch(format, id, createdAt, hassVersion, hass, workDir, taskCommand, evaluations, slurm, tasks, all, workers);
    }

    public Batch(int format, String id, String createdAt, String hassVersion, String hass, String workDir, String taskCommand,
                 Integer evaluations, SlurmOptions slurm, List<TaskSpec> tasks, List<Submission> submissions) {
        this(format, id, createdAt, hassVersion, hass, workDir, taskCommand, evaluations, slurm, tasks, submissions, null);
    }

    /** The latest submission that covers task {@code index}, or null if none did. */
    public Submission lastSubmissionOf(int index) {
        for (int i = submissions.size() - 1; i >= 0; i--) {
            if (submissions.get(i).tasks().contains(index)) return submissions.get(i);
        }
        return null;
    }

    public boolean ranOnSlurm() {
        return submissions.stream().anyMatch(s -> Submission.SLURM.equals(s.mode()));
    }
}
