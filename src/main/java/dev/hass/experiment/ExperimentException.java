package dev.hass.experiment;

import java.util.List;

/** An experiment file that cannot be used; one line per problem, each naming file, JSON path, value and what is allowed. */
public final class ExperimentException extends RuntimeException {
    private final List<String> problems;

    public ExperimentException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
}
