package dev.hass.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The marker files the task wrapper writes into a task folder: DONE, FAILED, RUNNING ({@code key=value} lines). */
final class TaskFiles {
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String RUNNING = "RUNNING";
    /** Written by {@code batch cancel} for a local task it stopped (Slurm's own state says so for Slurm tasks). */
    static final String CANCELLED = "CANCELLED";

    private TaskFiles() {}

    static Optional<Map<String, String>> read(Path taskDir, String marker) {
        Path f = taskDir.resolve(marker);
        if (!Files.isRegularFile(f)) return Optional.empty();
        Map<String, String> kv = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("---")) break;          // the stderr tail follows
                int eq = line.indexOf('=');
                if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        return Optional.of(kv);
    }

    /** The last non-blank line of the stderr tail in FAILED, for one-line details. */
    static String lastErrorLine(Path taskDir) {
        try {
            Path f = taskDir.resolve(FAILED);
            if (!Files.isRegularFile(f)) return "";
            String last = "";
            boolean tail = false;
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("---")) tail = true;
                else if (tail && !line.isBlank()) last = line.strip();
            }
            return last;
        } catch (IOException e) {
            return "";
        }
    }

    /** Wall seconds recorded in DONE, or NaN. */
    static double seconds(Map<String, String> marker) {
        try {
            return Double.parseDouble(marker.getOrDefault("seconds", "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
