package dev.hass.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code hass submit} was asked to do.
 *
 * @param experiments experiment files
 * @param seeds       seeds for every experiment, or null for each experiment's {@code search.seed}
 * @param boards      boards for every experiment, or null for each experiment's {@code hardware.platform}
 * @param evaluations search budget per task, or null for the experiment's own
 * @param slurm       resources per task
 * @param mode        where to run
 * @param dryRun      write everything, start nothing
 * @param batchesRoot where batch folders go ({@code results/batches})
 * @param id          the batch id, or null for a time stamp
 * @param hassHome    the project folder holding {@code bin/hass}
 * @param taskCommand what each task runs instead of {@code bin/hass}, with the same arguments (tests,
 *                    site wrappers); null for {@code bin/hass}
 * @param workers     one search on many workers (Slurm only), or null: every task is a search of its own
 */
public record BatchRequest(List<Path> experiments, List<Long> seeds, List<String> boards, Integer evaluations,
                           SlurmOptions slurm, Mode mode, boolean dryRun, Path batchesRoot, String id,
                           Path hassHome, String taskCommand, WorkerOptions workers) {
    public enum Mode { AUTO, SLURM, LOCAL }

    public BatchRequest(List<Path> experiments, List<Long> seeds, List<String> boards, Integer evaluations, SlurmOptions slurm,
                        Mode mode, boolean dryRun, Path batchesRoot, String id, Path hassHome, String taskCommand) {
        this(experiments, seeds, boards, evaluations, slurm, mode, dryRun, batchesRoot, id, hassHome, taskCommand, null);
    }
}
