package dev.hass.hardware;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/conformance/fpgaconvnet (or -Dhass.shared=DIR); skips the test when absent. */
public final class SharedConformance {
    private SharedConformance() {}

    public static Path fpgaconvnet() {
        String prop = System.getProperty("hass.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "shared");
        Path dir = shared.resolve("conformance").resolve("fpgaconvnet");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "fpgaConvNet reference vectors not found at " + dir.toAbsolutePath() + " (set -Dhass.shared=DIR); skipping");
        return dir;
    }
}
