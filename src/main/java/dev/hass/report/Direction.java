package dev.hass.report;

/** Objective direction with Optuna's {@code StudyDirection} codes (journal {@code directions}). */
public enum Direction {
    MINIMIZE(1), MAXIMIZE(2);

    public final int optunaCode;

    Direction(int optunaCode) {
        this.optunaCode = optunaCode;
    }

    /** {@code v} turned into "smaller is better" (maximized objectives are negated). */
    public double minimized(double v) {
        return this == MAXIMIZE ? -v : v;
    }

    /** True when {@code a} is at least as good as {@code b}. */
    public boolean atLeastAsGood(double a, double b) {
        return this == MAXIMIZE ? a >= b : a <= b;
    }

    public static Direction ofOptuna(int code) {
        for (Direction d : values()) if (d.optunaCode == code) return d;
        throw new IllegalArgumentException("unknown Optuna direction " + code + " (allowed: 1=minimize, 2=maximize)");
    }
}
