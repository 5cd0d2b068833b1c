package dev.hass.cluster;

import java.util.List;

/**
 * One time tasks of a batch were started: the first submit, then one per retry.
 *
 * @param mode        {@code slurm}, {@code local} or {@code dry-run}
 * @param arrayJob    the Slurm array job id (null unless slurm)
 * @param collectorJob the Slurm collector job id (null unless slurm)
 * @param tasks       the task indices it covers
 * @param submittedAt UTC, ISO-8601
 * @param workersJob  the Slurm array job of the search's workers ({@code submit --workers}), else null
 */
public record Submission(String mode, String arrayJob, String collectorJob, List<Integer> tasks, String submittedAt,
                         String workersJob) {
    public Submission(String mode, String arrayJob, String collectorJob, List<Integer> tasks, String submittedAt) {
        this(mode, arrayJob, collectorJob, tasks, submittedAt, null);
    }

    public static final String SLURM = "slurm";
    public static final String LOCAL = "local";
    public static final String DRY_RUN = "dry-run";
}
