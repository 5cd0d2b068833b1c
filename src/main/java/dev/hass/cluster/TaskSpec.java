package dev.hass.cluster;

/**
 * One cell of the batch matrix: one {@code hass search} run.
 *
 * @param index      0-based, the Slurm array index
 * @param experiment absolute path of the experiment file
 * @param name       the experiment's name
 * @param board      the platform the search targets
 * @param seed       the search seed
 * @param dir        the task's output folder, relative to the batch folder
 */
public record TaskSpec(int index, String experiment, String name, String board, long seed, String dir) {
    /** How status and collect name a task to people. */
    public String label() {
        return "task " + index + " (" + name + ", " + board + ", seed " + seed + ")";
    }
}
