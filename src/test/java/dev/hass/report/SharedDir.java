package dev.hass.report;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** ../shared (or -Dhass.shared): tests that need it skip with a message when it is absent. */
final class SharedDir {
    private SharedDir() {}

    static Path path(String... parts) {
        String prop = System.getProperty("hass.shared");
        Path base = prop != null ? Path.of(prop) : Path.of("..", "shared");
        Path p = base.resolve(Path.of("", parts));
        Assumptions.assumeTrue(Files.exists(p), "skipped: " + p.toAbsolutePath() + " not present (set -Dhass.shared)");
        return p;
    }
}
