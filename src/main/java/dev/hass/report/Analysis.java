package dev.hass.report;

import dev.hass.experiment.Algorithm;
import dev.hass.study.Hypervolume;
import dev.hass.study.Objectives;
import dev.hass.study.Pareto;
import dev.hass.study.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the summary and the charts share: the fronts and the hypervolumes.
 *
 * <p>Hypervolume reference point: {@link Hypervolume.Policy#DENSE}, the point the search measures against (the
 * dense design, accuracy lowered by the allowed drop), so summary.md prints the number {@code hass search}
 * printed for the same run; a folder without a complete dense trial or an accuracy constraint (an Optuna
 * import) falls back to {@link Hypervolume.Policy#NADIR}. All algorithms of a folder share the point, so their
 * hypervolumes compare; units are the product of the objectives' units.
 *
 * @param front        the feasible non-dominated set over all trials, by trial number (ties all kept)
 * @param fronts       per algorithm, its own feasible non-dominated set
 * @param reference    the reference point and its policy, or null when there is none
 * @param hypervolume  per algorithm; key {@code all} for the union
 * @param convergence  per algorithm, generation to the hypervolume of its feasible trials up to that generation
 */
public record Analysis(List<Trial> front, Map<String, List<Trial>> fronts, Hypervolume.Reference reference,
                       Map<String, Double> hypervolume, Map<String, Map<Integer, Double>> convergence) {
    public static final List<String> KNOWN_ALGORITHMS = Algorithm.ids();

    /** Algorithms of the log: the known ones first in a fixed order, then the rest sorted. */
    public static List<String> algorithms(List<Trial> trials) {
        TreeSet<String> rest = new TreeSet<>();
        for (Trial t : trials) rest.add(t.algorithm());
        List<String> out = new ArrayList<>();
        for (String a : KNOWN_ALGORITHMS) if (rest.remove(a)) out.add(a);
        out.addAll(rest);
        return out;
    }

    public static Analysis of(ReportInput in) {
        List<Trial> trials = in.trials();
        Objectives objectives = in.objectiveSpace();
        List<Trial> front = front(trials, objectives);
        Map<String, List<Trial>> fronts = new LinkedHashMap<>();
        List<String> algs = algorithms(trials);
        for (String a : algs) fronts.put(a, front(byAlgorithm(trials, a), objectives));
        Hypervolume.Reference ref = reference(in);
        Map<String, Double> hv = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> conv = new LinkedHashMap<>();
        if (ref != null) {
            for (String a : algs) {
                List<Trial> mine = byAlgorithm(trials, a);
                hv.put(a, Hypervolume.of(mine, objectives, ref));
                TreeMap<Integer, Double> perGen = new TreeMap<>();
                for (Trial t : mine) perGen.put(t.generation(), 0.0);
                for (Integer g : perGen.keySet()) {
                    perGen.put(g, Hypervolume.of(mine.stream().filter(t -> t.generation() <= g).toList(), objectives, ref));
                }
                conv.put(a, perGen);
            }
            hv.put("all", Hypervolume.of(trials, objectives, ref));
        }
        return new Analysis(front, fronts, ref, hv, conv);
    }

    /** The search's reference when the folder has what it needs (the dense trial, the accuracy constraint), else the nadir. */
    static Hypervolume.Reference reference(ReportInput in) {
        Objectives objectives = in.objectiveSpace();
        if (in.maxAccuracyDrop() != null) {
            Trial dense = in.trials().stream().filter(t -> t.algorithm().equals(Algorithm.DENSE.id()) && t.complete())
                    .findFirst().orElse(null);
            Hypervolume.Reference r = Hypervolume.Reference.dense(dense, objectives, in.maxAccuracyDrop());
            if (r != null) return r;
        }
        return Hypervolume.Reference.nadir(in.trials(), objectives);
    }

    /** The front by trial number, as Optuna lists {@code best_trials}. */
    private static List<Trial> front(List<Trial> trials, Objectives objectives) {
        List<Trial> f = new ArrayList<>(Pareto.front(trials, objectives));
        f.sort(Comparator.comparingInt(Trial::number));
        return List.copyOf(f);
    }

    /** Display points of the global front: trials with identical objective values collapsed into one. */
    public List<Pareto.Tie> frontPoints(ReportInput in) {
        return Pareto.ties(front, in.objectiveSpace());
    }

    static List<Trial> byAlgorithm(List<Trial> trials, String a) {
        return trials.stream().filter(t -> t.algorithm().equals(a)).toList();
    }
}
