package dev.hass.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every algorithm a trial can come from, in the order tables and charts list them: the one registry that
 * the experiment file's choices, the search, the reports and the tables read.
 */
public enum Algorithm {
    /** The unpruned model: the reference every search scores first. */
    DENSE("dense", "dense design", false),
    UNIFORM("uniform", "uniform thresholds", true),
    GREEDY("greedy", "greedy (released HASS)", true),
    RANDOM("random", "random search", true),
    NSGA2("nsga2", "HASS NSGA-II", true);

    /** {@code search.algorithm}'s value that runs every searchable algorithm in turn. */
    public static final String ALL = "all";

    private final String id;
    private final String label;
    private final boolean searchable;

    Algorithm(String id, String label, boolean searchable) {
        this.id = id;
        this.label = label;
        this.searchable = searchable;
    }

    /** The name in experiment files and trial logs. */
    public String id() { return id; }

    /** The name people read in tables and legends. */
    public String label() { return label; }

    public static Optional<Algorithm> of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    /** The label of a known id; an unknown one (a log from a newer version) as it is. */
    public static String label(String id) {
        return of(id).map(Algorithm::label).orElse(id);
    }

    /** Every id, in listing order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Algorithm::id).toList();
    }

    /** The ids {@code all} runs, NSGA-II first. */
    public static List<String> searchable() {
        return List.of(NSGA2.id, UNIFORM.id, GREEDY.id, RANDOM.id);
    }

    /** What {@code search.algorithm} accepts. */
    public static List<String> choices() {
        List<String> c = new java.util.ArrayList<>(searchable());
        c.add(ALL);
        return List.copyOf(c);
    }

    /** The algorithms an experiment's {@code search.algorithm} stands for. */
    public static List<String> expand(String algorithm) {
        return ALL.equals(algorithm) ? searchable() : List.of(algorithm);
    }
}
