package dev.hass.search;

/**
 * The results folder cannot take this search: another run holds it, it holds a different experiment or
 * seed, or it cannot be written. The user fixes it (wait, pick another {@code --out}); the CLI exits 2.
 */
public final class ResultsFolderException extends RuntimeException {
    public ResultsFolderException(String message) {
        super(message);
    }
}
