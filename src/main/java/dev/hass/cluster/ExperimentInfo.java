package dev.hass.cluster;

import java.nio.file.Path;

/**
 * What a batch needs to know of one experiment file.
 *
 * @param file     absolute, normalised path
 * @param name     the experiment's {@code name}
 * @param platform its {@code hardware.platform} (the board when {@code --boards} is not given)
 * @param seed     its {@code search.seed} (the seed when {@code --seeds} is not given)
 * @param checkpoint its model checkpoint ({@code model.checkpoint}, else {@code results/models/<architecture>}), or its
 *                 {@code model.onnx} file; absolute, as the tasks will resolve it
 */
public record ExperimentInfo(Path file, String name, String platform, long seed, Path checkpoint) {
    /** A checkpoint folder with something in it, or an ONNX file; a search without one trains the model first. */
    public boolean hasCheckpoint() {
        if (java.nio.file.Files.isRegularFile(checkpoint)) return true;
        try (var s = java.nio.file.Files.list(checkpoint)) {
            return s.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
