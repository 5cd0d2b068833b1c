package dev.hass.report;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/** Optuna's timestamps: written naive-local with exactly 6 fraction digits; read with or without an offset. */
public final class Timestamps {
    public static final DateTimeFormatter OPTUNA = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private Timestamps() {}

    public static String format(LocalDateTime t) {
        return OPTUNA.format(t);
    }

    /** Parses ISO-8601 with an optional offset; an aware time becomes naive local time (as Optuna 5 does). */
    public static LocalDateTime parse(String s) {
        TemporalAccessor ta = DateTimeFormatter.ISO_DATE_TIME.parse(s);
        if (ta.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(ta).atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        }
        return LocalDateTime.from(ta);
    }

    public static LocalDateTime parseOrNull(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
