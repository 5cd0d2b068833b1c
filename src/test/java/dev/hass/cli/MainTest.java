package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
    static CliHarness.Result run(String... args) {
        return CliHarness.run(args);
    }

    @Test
    void versionNamesTheProject() {
        CliHarness.Result r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("hass "), r.out());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitTwo() {
        CliHarness.Result r = run("--no-such-flag");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--no-such-flag"), r.err());
    }

    @Test
    void missingSubcommandIsAUsageError() {
        CliHarness.Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing subcommand"), r.err());
    }
}
