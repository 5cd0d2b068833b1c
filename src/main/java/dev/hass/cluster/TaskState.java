package dev.hass.cluster;

/** Where a task stands. COMPLETED and FAILED come from the task's own files whenever they exist. */
public enum TaskState {
    /** Waiting in the scheduler's queue. */
    PENDING,
    /** Running (per the scheduler, or a live local process). */
    RUNNING,
    /** {@code bin/hass search} exited 0: the task folder has {@code DONE}. */
    COMPLETED,
    /** Exited non-zero ({@code FAILED} file), or the scheduler ended it (time limit, memory, node). */
    FAILED,
    /** Cancelled by {@code hass batch cancel} or {@code scancel} before it finished. */
    CANCELLED,
    /** Never started, or gone without a trace (not submitted, interrupted local run, expired from the queue). */
    MISSING;

    public boolean finished() {
        return this == COMPLETED;
    }

    /** What {@code batch retry} reruns. */
    public boolean retryable() {
        return this == FAILED || this == CANCELLED || this == MISSING;
    }
}
