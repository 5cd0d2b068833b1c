package dev.hass.study;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * An objective's direction: Optuna's {@code StudyDirection}, written {@code "maximize"}/{@code "minimize"} in
 * experiment files and {@code 1}/{@code 2} in the Optuna journal. {@link #minimised} is the one rule that turns
 * it into "smaller is better" (search, fronts, hypervolumes all go through it).
 */
public enum Direction {
    MINIMIZE("minimize", 1), MAXIMIZE("maximize", 2);

    private final String json;
    public final int optunaCode;

    Direction(String json, int optunaCode) {
        this.json = json;
        this.optunaCode = optunaCode;
    }

    @JsonValue
    public String json() { return json; }

    public static List<String> names() { return List.of("maximize", "minimize"); }

    public static Direction of(String s) {
        for (Direction d : values()) if (d.json.equals(s)) return d;
        throw new IllegalArgumentException("direction " + s + " not in " + names());
    }

    public static Direction ofOptuna(int code) {
        for (Direction d : values()) if (d.optunaCode == code) return d;
        throw new IllegalArgumentException("unknown Optuna direction " + code + " (allowed: 1=minimize, 2=maximize)");
    }

    /** {@code v} as "smaller is better": a maximised value is negated. */
    public double minimised(double v) {
        return this == MAXIMIZE ? -v : v;
    }

    /** Back from "smaller is better" to this direction (the negation is its own inverse). */
    public double external(double minimised) {
        return minimised(minimised);
    }

    /** True when {@code a} is at least as good as {@code b}. */
    public boolean atLeastAsGood(double a, double b) {
        return minimised(a) <= minimised(b);
    }
}
