package dev.hass.search;

import dev.hass.experiment.Algorithm;
import dev.hass.experiment.Experiment;
import dev.hass.space.Encoding;
import dev.hass.space.SearchSpace;
import dev.hass.study.Objectives;

/** A search algorithm over the candidates of a run; all share the evaluation, its cache and its budget. */
public interface Strategy {
    String name();

    void run(Context ctx);

    /**
     * What a strategy gets.
     *
     * @param denseAccuracy   accuracy of the dense model (greedy stops past {@code denseAccuracy − maxAccuracyDrop})
     */
    record Context(HassEvaluation.Run run, Encoding encoding, Objectives objectives, SearchSpace space,
                   int populationSize, long seed, double maxAccuracyDrop, double denseAccuracy, Tracker tracker,
                   Experiment.Search search) {}

    /** A strategy stops when a run asks for this many candidates per budget unit without new ones. */
    int STALL_FACTOR = 50;

    static Strategy of(String name) {
        Algorithm a = Algorithm.of(name).filter(x -> Algorithm.searchable().contains(x.id()))
                .orElseThrow(() -> new IllegalArgumentException("unknown algorithm " + name + "; known: " + String.join(", ", Algorithm.searchable())));
        return switch (a) {
            case NSGA2 -> new Nsga2Strategy();
            case UNIFORM -> new UniformStrategy();
            case GREEDY -> new GreedyStrategy();
            case RANDOM -> new RandomStrategy();
            case DENSE -> throw new AssertionError("dense is not searchable");
        };
    }
}
