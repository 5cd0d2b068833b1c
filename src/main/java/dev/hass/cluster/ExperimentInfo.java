package dev.hass.cluster;

import java.nio.file.Path;

/**
 * What a batch needs to know of one experiment file.
 *
 * @param file     absolute, normalised path
 * @param name     the experiment's {@code name}
 * @param platform its {@code hardware.platform} (the board when {@code --boards} is not given)
 * @param seed     its {@code search.seed} (the seed when {@code --seeds} is not given)
 */
public record ExperimentInfo(Path file, String name, String platform, long seed) {}
