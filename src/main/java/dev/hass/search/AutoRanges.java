package dev.hass.search;

import dev.hass.space.Encoding;
import dev.hass.space.SearchSpace;
import dev.hass.study.Trial;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code space.ranges: "auto"}: before NSGA-II searches, a {@link Sensitivity} scan over the experiment's box
 * (each gene alone on a short grid, the others dense) cuts each layer's upper bounds where that layer alone breaks
 * the accuracy limit. The scan's candidates are asked of NSGA-II's own run, so each is a trial in the log (generation
 * {@value #GENERATION}), paid from the same budget, replayed on resume (the log is the scan's cache): a search that
 * wins only with evaluations nobody counted has not won.
 */
final class AutoRanges {
    /** Generation of the scan's trials: before NSGA-II's generation 0. */
    static final int GENERATION = -1;

    private AutoRanges() {}

    /**
     * @param space    the narrowed space (the experiment's, with each layer's float ranges cut)
     * @param encoding its chromosome (same parameter names, narrower bounds)
     * @param highs    parameter → the upper bound the scan suggested
     */
    record Outcome(SearchSpace space, Encoding encoding, Map<String, Double> highs, int evaluations) {}

    /** Evaluations of the scan: the dense model and every grid point. */
    static int cost(Encoding encoding, SearchSpace.RangeScan scan) {
        int n = 1;
        for (Encoding.Param p : encoding.params()) n += Sensitivity.grid(p.distribution(), scan.points()).size();
        return n;
    }

    /**
     * Refuses a budget the scan would eat: it must leave at least a population's worth of evaluations.
     *
     * @throws SearchService.SearchSetupException before anything is logged
     */
    static void checkBudget(Encoding encoding, SearchSpace space, int budget, int population) {
        int cost = cost(encoding, space.rangeScan());
        if (cost + population > budget) {
            throw new SearchService.SearchSetupException("space.ranges \"auto\": the sensitivity scan costs " + cost + " of the "
                    + budget + " evaluations (search.evaluations), leaving less than a population (" + population + ") for NSGA-II; "
                    + "raise search.evaluations to at least " + (cost + population) + ", lower space.rangeScan.points ("
                    + space.rangeScan().points() + "), or use \"ranges\": \"given\"");
        }
    }

    /** Runs (or replays) the scan inside {@code run} and narrows the space. */
    static Outcome narrow(HassEvaluation.Run run, Encoding encoding, SearchSpace space, double maxAccuracyDrop) throws Exception {
        SearchSpace.RangeScan rs = space.rangeScan();
        Scorer viaLog = params -> score(run.evaluate(params, GENERATION));
        Sensitivity.Result r = Sensitivity.scan("search", encoding, viaLog, rs.points(), maxAccuracyDrop, rs.tolerance(), null);
        SearchSpace narrowed = Sensitivity.suggestedSpace(space, encoding, r);
        Encoding e = narrowed.encoding(encoding.layers());
        Map<String, Double> highs = new LinkedHashMap<>();
        for (Encoding.Param p : e.params()) highs.put(p.name(), p.distribution().numeric(p.distribution().internal(p.distribution().geneUpper())));
        return new Outcome(narrowed, e, highs, r.evaluations());
    }

    /** A logged trial as the scan reads it: accuracy, throughput and whether every constraint holds. */
    static Score score(Trial t) {
        if (!t.complete()) return Score.failed(t.error() == null ? "failed" : t.error(), t.oracleSeconds(), t.dseSeconds());
        Map<String, Double> m = new LinkedHashMap<>(t.values());
        if (t.design() != null) m.putIfAbsent("throughput", t.design().throughput());
        return new Score(m, t.constraints(), t.layers(), t.design(), t.oracleSeconds(), t.dseSeconds(), null);
    }
}
