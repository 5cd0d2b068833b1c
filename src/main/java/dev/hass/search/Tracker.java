package dev.hass.search;

import dev.hass.study.Hypervolume;
import dev.hass.study.Trial;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one run: hypervolume of its feasible trials against the shared reference point, best feasible
 * throughput, rate and ETA; pushes a {@link Progress} to the listeners and keeps the convergence history.
 */
public final class Tracker {
    private final HassEvaluation.Run run;
    private final HassEvaluation evaluation;
    private final double[] reference;
    private final List<Progress.Listener> listeners;
    private final List<Progress> history = new ArrayList<>();
    private final long start = System.nanoTime();
    private final int scoredAtStart;
    private final double scoringAtStart;

    /** @param reference the reference point in minimised objective space (null: no hypervolume) */
    public Tracker(HassEvaluation evaluation, HassEvaluation.Run run, double[] reference, List<Progress.Listener> listeners) {
        this.evaluation = evaluation;
        this.run = run;
        this.reference = reference;
        this.listeners = List.copyOf(listeners);
        this.scoredAtStart = evaluation.scored();
        this.scoringAtStart = evaluation.scoringSeconds();
    }

    public HassEvaluation.Run run() { return run; }

    public List<Progress> history() { return List.copyOf(history); }

    /** Trials scored by this process during this run, and the seconds spent inside the scorer for them. */
    public int scored() { return evaluation.scored() - scoredAtStart; }

    public double scoringSeconds() { return evaluation.scoringSeconds() - scoringAtStart; }

    public double wallSeconds() { return (System.nanoTime() - start) / 1e9; }

    public double hypervolume() {
        if (reference == null) return Double.NaN;
        return Hypervolume.of(run.trials().stream().filter(Trial::counts).map(evaluation.objectives()::minimised).toList(), reference);
    }

    public double bestThroughput() {
        return run.trials().stream().filter(Trial::counts).filter(t -> t.design() != null)
                .mapToDouble(t -> t.design().throughput()).max().orElse(Double.NaN);
    }

    /** Records and announces the state after {@code generation}. */
    public Progress emit(int generation) {
        double wall = wallSeconds();
        int n = scored();
        double rate = n > 0 && wall > 0 ? n / wall : Double.NaN;
        double eta = Double.isNaN(rate) ? Double.NaN : run.remaining() / rate;
        Progress p = new Progress(run.algorithm(), generation, run.used(), run.budget(), run.replayed(),
                bestThroughput(), hypervolume(), rate, eta);
        history.add(p);
        for (Progress.Listener l : listeners) l.onProgress(p);
        return p;
    }
}
