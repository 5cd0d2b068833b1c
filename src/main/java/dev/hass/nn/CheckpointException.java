package dev.hass.nn;

/** A checkpoint is missing, would be overwritten, or does not match the model asked for. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
