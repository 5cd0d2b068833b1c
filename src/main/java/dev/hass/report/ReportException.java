package dev.hass.report;

/** Bad input to a report (a results folder, a trial log, a journal): the message names the file and what is wrong. */
public final class ReportException extends RuntimeException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
