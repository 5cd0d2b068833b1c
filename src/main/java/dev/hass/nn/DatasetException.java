package dev.hass.nn;

/** The dataset is missing, unreadable or malformed; the message names the file and what is wrong. */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
