package dev.hass.search;

import dev.hass.experiment.Experiment;
import dev.hass.oracle.Fidelity;
import dev.hass.study.Trial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.uma.jmetal.component.catalogue.common.evaluation.Evaluation;
import org.uma.jmetal.problem.Problem;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.comparator.dominanceComparator.impl.DominanceWithConstraintsComparator;
import org.uma.jmetal.util.densityestimator.impl.CrowdingDistanceDensityEstimator;
import org.uma.jmetal.util.ranking.Ranking;
import org.uma.jmetal.util.ranking.impl.FastNonDominatedSortRanking;

/**
 * NSGA-II's evaluation with multi-fidelity screening ({@code search.fidelity}), one rung of successive halving
 * per generation: every child is first screened (the heads of the validation and calibration subsets, no
 * fine-tuning); the screened children are ranked together with the population by the search's own ranking
 * (constrained non-dominated sorting, then crowding); the best ⌈promote × children⌉ of them, and every child that
 * would enter the first front, are scored again at the full fidelity. Only promoted children are returned, so
 * only they reach the (μ + λ) replacement: a screen's accuracy comes from a few images and is too noisy to
 * displace a measured member of the population, and a screen never sits in the population as if it were measured.
 *
 * <p>Generation 0 is measured at full fidelity (the warm start is the uniform sweep: it must stay comparable).
 * When the budget cannot pay for screening every child and promoting one, the children are scored at full
 * fidelity directly, as many as it pays for. No random draw is made here: a rerun asks for the same screens and
 * promotions in the same order, so a killed run replays from the log.
 */
final class ScreenedEvaluation implements Evaluation<DoubleSolution> {
    private final HassProblem problem;
    private final double promote;
    private final Supplier<List<DoubleSolution>> population;
    private boolean initial = true;
    private int computed;

    /** @param population the population the children were bred from (the replacement's last result) */
    ScreenedEvaluation(HassProblem problem, double promote, Supplier<List<DoubleSolution>> population) {
        if (!(promote > 0 && promote <= 1)) throw new IllegalArgumentException("promote must be in (0, 1], got " + promote);
        this.problem = problem;
        this.promote = promote;
        this.population = population;
    }

    @Override
    public List<DoubleSolution> evaluate(List<DoubleSolution> children) {
        HassEvaluation.Run run = problem.run();
        if (initial) {
            initial = false;
            return full(children, children.size());
        }
        Trial.Fidelity screen = run.screenLevel();
        double left = run.budget() - run.spent();
        if (left + HassEvaluation.EPS < children.size() * screen.cost() + 1) return full(children, run.remaining());

        List<DoubleSolution> screened = new ArrayList<>();
        List<Integer> at = new ArrayList<>();   // screened.get(k) is children.get(at.get(k))
        boolean[] keep = new boolean[children.size()];
        for (int i = 0; i < children.size(); i++) {
            DoubleSolution c = children.get(i);
            if (problem.measured(c)) {   // a repeat of a measured design: its full trial, free
                problem.evaluate(c);
                keep[i] = true;
            } else {
                problem.screen(c);
                screened.add(c);
                at.add(i);
            }
            computed++;
        }
        for (int k : promotions(population.get(), screened, promote)) {
            if (run.exhausted()) break;
            problem.evaluate(screened.get(k));
            keep[at.get(k)] = true;
            computed++;
        }
        List<DoubleSolution> out = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) if (keep[i]) out.add(children.get(i));
        return out;
    }

    private List<DoubleSolution> full(List<DoubleSolution> children, int max) {
        List<DoubleSolution> out = new ArrayList<>();
        for (DoubleSolution c : children) {
            if (out.size() >= max && !problem.measured(c)) continue;
            out.add(problem.evaluate(c));
            computed++;
        }
        return out;
    }

    /**
     * Positions in {@code screened} of the children to promote, best first: ranked with the population (copies: the population's own
     * ranking attributes are the replacement's), by non-dominated rank then crowding distance, ties by position;
     * the first ⌈promote × n⌉ and every one in the first front of the union.
     */
    static List<Integer> promotions(List<DoubleSolution> population, List<DoubleSolution> screened, double promote) {
        if (screened.isEmpty()) return List.of();
        List<DoubleSolution> union = new ArrayList<>();
        population.forEach(p -> union.add((DoubleSolution) p.copy()));
        List<DoubleSolution> mine = new ArrayList<>();
        for (DoubleSolution c : screened) {
            DoubleSolution copy = (DoubleSolution) c.copy();
            mine.add(copy);
            union.add(copy);
        }
        Ranking<DoubleSolution> ranking = new FastNonDominatedSortRanking<DoubleSolution>(new DominanceWithConstraintsComparator<>());
        ranking.compute(union);
        var crowding = new CrowdingDistanceDensityEstimator<DoubleSolution>();
        for (int f = 0; f < ranking.getNumberOfSubFronts(); f++) crowding.compute(ranking.getSubFront(f));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) order.add(i);
        order.sort(Comparator.comparingInt((Integer i) -> ranking.getRank(mine.get(i)))
                .thenComparing(i -> -crowding.value(mine.get(i)))
                .thenComparingInt(i -> i));
        int top = (int) Math.ceil(promote * screened.size() - HassEvaluation.EPS);
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            if (k < top || ranking.getRank(mine.get(i)) == 0) out.add(i);
        }
        return out;
    }

    @Override public int computedEvaluations() { return computed; }

    @Override public Problem<DoubleSolution> problem() { return problem; }

    /** The full fidelity of an experiment's search, as recorded on its trials. */
    static Trial.Fidelity fullLevel(Experiment e) {
        return new Trial.Fidelity(Trial.Fidelity.FULL, e.oracle().evaluationImages(), histogramImages(e), e.oracle().fineTuneSteps(), 1);
    }

    /**
     * The screening fidelity of an experiment ({@code search.fidelity}), as recorded on its trials. Its cost is
     * its images over a full evaluation's (validation + calibration): both passes run per candidate, so
     * screening only the validation images would save far less than their ratio. Screens skip fine-tuning; their
     * charge ignores that saving, so with fine-tuning it overstates what a screen costs.
     */
    static Trial.Fidelity screenLevel(Experiment e) {
        Experiment.Screening s = e.search().fidelity();
        double cost = (double) (s.screenImages() + s.screenHistogramImages()) / (e.oracle().evaluationImages() + histogramImages(e));
        return new Trial.Fidelity(Trial.Fidelity.SCREEN, s.screenImages(), s.screenHistogramImages(), 0, cost);
    }

    /** The oracle fidelity of a screen. */
    static Fidelity screenFidelity(Experiment e) {
        Experiment.Screening s = e.search().fidelity();
        return new Fidelity(0, s.screenImages(), 0, s.screenHistogramImages());
    }

    private static int histogramImages(Experiment e) {
        return e.oracle().histogramImages() > 0 ? e.oracle().histogramImages() : e.dataset().calibrationImages();
    }
}
