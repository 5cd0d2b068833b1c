package dev.hass.cli;

import java.util.List;

/**
 * A problem with what the user gave us (a flag value, an input file). The CLI prints each line
 * prefixed with {@code hass:} and exits 2. Services throw their own exception types; commands
 * translate them into this one.
 */
public final class UsageException extends RuntimeException {
    private final List<String> lines;

    public UsageException(String message) {
        this(List.of(message));
    }

    public UsageException(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    public List<String> lines() {
        return lines;
    }
}
