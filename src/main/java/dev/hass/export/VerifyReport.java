package dev.hass.export;

import java.util.List;

/**
 * The outcome of {@link PackageVerifier#verify}: what was checked (one line each, with the measured
 * margin) and what failed.
 */
public record VerifyReport(List<String> checks, List<String> problems) {
    public VerifyReport {
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
    }

    public boolean ok() { return problems.isEmpty(); }
}
