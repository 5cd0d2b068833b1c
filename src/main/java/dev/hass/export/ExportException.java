package dev.hass.export;

/** Bad input to the export (unknown trial, no trials, existing output folder, a package that fails its checks). */
public final class ExportException extends RuntimeException {
    public ExportException(String message) {
        super(message);
    }
}
