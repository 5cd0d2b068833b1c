package dev.hass.study;

/**
 * How a trial ended, as Optuna's {@code TrialState} names it; written by name ({@code "COMPLETE"}, {@code "FAIL"})
 * in {@code trials.jsonl}, so logs written before this enum existed read unchanged.
 */
public enum TrialState {
    /** Scored: objective values and constraints are there. */
    COMPLETE,
    /** The scorer failed; {@link Trial#error()} says why, and there are no values. */
    FAIL
}
