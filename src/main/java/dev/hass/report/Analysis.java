package dev.hass.report;

import dev.hass.experiment.Algorithm;
import dev.hass.search.Trial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the summary and the charts share: the fronts and the hypervolumes.
 *
 * <p>Hypervolume reference point: the nadir of all feasible COMPLETE trials in the folder (for each objective
 * its worst feasible value, over every algorithm). All algorithms of a folder are measured against the same
 * point, so their hypervolumes compare; a point on the nadir in some objective (for example the dense design,
 * which has the lowest throughput) adds no volume. Units are the product of the objectives' units.
 *
 * @param front        the feasible non-dominated set over all trials
 * @param fronts       per algorithm, its own feasible non-dominated set
 * @param reference    the reference point in objective units, or null without feasible trials
 * @param hypervolume  per algorithm; key {@code all} for the union
 * @param convergence  per algorithm, generation to the hypervolume of its feasible trials up to that generation
 */
public record Analysis(List<Trial> front, Map<String, List<Trial>> fronts, double[] reference,
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
        List<Direction> dirs = in.directions();
        List<Trial> front = Pareto.front(in, trials);
        Map<String, List<Trial>> fronts = new LinkedHashMap<>();
        List<String> algs = algorithms(trials);
        for (String a : algs) fronts.put(a, Pareto.front(in, byAlgorithm(trials, a)));
        double[] ref = nadir(in);
        Map<String, Double> hv = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> conv = new LinkedHashMap<>();
        if (ref != null) {
            for (String a : algs) {
                List<Trial> mine = byAlgorithm(trials, a);
                hv.put(a, hv(in, mine, ref, dirs));
                TreeMap<Integer, Double> perGen = new TreeMap<>();
                for (Trial t : mine) perGen.put(t.generation(), 0.0);
                for (Integer g : perGen.keySet()) {
                    perGen.put(g, hv(in, mine.stream().filter(t -> t.generation() <= g).toList(), ref, dirs));
                }
                conv.put(a, perGen);
            }
            hv.put("all", hv(in, trials, ref, dirs));
        }
        return new Analysis(front, fronts, ref, hv, conv);
    }

    static List<Trial> byAlgorithm(List<Trial> trials, String a) {
        return trials.stream().filter(t -> t.algorithm().equals(a)).toList();
    }

    private static double[] nadir(ReportInput in) {
        double[] ref = null;
        List<Direction> dirs = in.directions();
        for (Trial t : in.trials()) {
            if (!in.usable(t)) continue;
            double[] v = in.values(t);
            if (ref == null) ref = v.clone();
            else for (int k = 0; k < v.length; k++) if (dirs.get(k).atLeastAsGood(ref[k], v[k])) ref[k] = v[k];
        }
        return ref;
    }

    private static double hv(ReportInput in, List<Trial> trials, double[] ref, List<Direction> dirs) {
        List<double[]> pts = new ArrayList<>();
        for (Trial t : trials) {
            if (!in.usable(t)) continue;
            double[] v = in.values(t);
            double[] m = new double[v.length];
            for (int k = 0; k < v.length; k++) m[k] = dirs.get(k).minimized(v[k]);
            pts.add(m);
        }
        double[] r = new double[ref.length];
        for (int k = 0; k < ref.length; k++) r[k] = dirs.get(k).minimized(ref[k]);
        return Hypervolume.of(pts, r);
    }
}
