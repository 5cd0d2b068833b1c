package dev.hass.hardware;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the fpgaConvNet reference vectors are: -Dhass.shared or ../shared; tests skip when absent. */
final class SharedVectors {
    private SharedVectors() {}

    static Path dir() {
        String p = System.getProperty("hass.shared");
        Path shared = p != null ? Path.of(p) : Path.of("..", "shared");
        Path dir = shared.resolve("conformance").resolve("fpgaconvnet");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("networks.json")),
                "skipped: fpgaConvNet reference vectors not found at " + dir.toAbsolutePath() + " (set -Dhass.shared=...)");
        return dir;
    }
}
