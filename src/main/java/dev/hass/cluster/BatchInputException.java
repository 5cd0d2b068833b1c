package dev.hass.cluster;

import java.util.List;

/** Bad input to a batch command (a file, a flag value, a batch folder); the CLI exits 2 with these lines. */
public final class BatchInputException extends RuntimeException {
    private final List<String> lines;

    public BatchInputException(String message) {
        this(List.of(message));
    }

    public BatchInputException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() {
        return lines;
    }
}
