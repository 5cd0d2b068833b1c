package dev.hass.search;

import dev.hass.experiment.Algorithm;
import dev.hass.experiment.Experiment;
import dev.hass.space.Distribution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.uma.jmetal.component.algorithm.EvolutionaryAlgorithm;
import org.uma.jmetal.component.catalogue.common.evaluation.Evaluation;
import org.uma.jmetal.component.catalogue.common.solutionscreation.SolutionsCreation;
import org.uma.jmetal.component.catalogue.common.termination.Termination;
import org.uma.jmetal.component.catalogue.ea.replacement.Replacement;
import org.uma.jmetal.component.catalogue.ea.replacement.impl.RankingAndDensityEstimatorReplacement;
import org.uma.jmetal.component.catalogue.ea.selection.impl.NaryTournamentSelection;
import org.uma.jmetal.component.catalogue.ea.variation.Variation;
import org.uma.jmetal.component.util.RankingAndDensityEstimatorPreference;
import org.uma.jmetal.problem.Problem;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.comparator.dominanceComparator.impl.DominanceWithConstraintsComparator;
import org.uma.jmetal.util.densityestimator.impl.CrowdingDistanceDensityEstimator;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;
import org.uma.jmetal.util.ranking.impl.FastNonDominatedSortRanking;

/**
 * HASS's NSGA-II, assembled from jMetal 6.6 components: binary tournament on rank and crowding, constrained
 * domination (feasible first, then less violation), (μ + λ) replacement by rank and crowding, and
 * {@link HardwareAwareVariation} (SBX + polynomial mutation, the bottleneck move and the uniform move, mixed by
 * the experiment's {@code search.operators}). Evaluations are sequential (one DJL gradient collector per JVM);
 * the last generation is cut to the remaining budget so a run ends with exactly its budget.
 *
 * <p>Generation 0 ({@code search.warmStart} > 0): the first ⌈warmStart × budget⌉ points of the uniform sweep
 * ({@link UniformStrategy}'s Halton order, scored and counted in the budget), of which the best N by rank
 * and crowding become the population; so NSGA-II starts where a uniform sweep of that size ends and is never
 * below it. With warmStart 0, generation 0 is the sweep's first N/2 points and a ladder of per-layer scales.
 *
 * <p>Multi-fidelity ({@code search.fidelity}): children are screened and only the promising are measured and
 * may enter the population ({@link ScreenedEvaluation}); the budget is spent in full evaluations.
 *
 * <p>Goal {@code fastest}: accuracy above the limit (dense − allowed drop) is ranked as the limit, so the
 * population spends no effort on accuracy table 2 does not reward; the log keeps measured accuracies.
 */
public final class Nsga2Strategy implements Strategy {
    @Override public String name() { return Algorithm.NSGA2.id(); }

    @Override
    public void run(Context ctx) {
        JMetalRandom.getInstance().setSeed(ctx.seed());
        Experiment.Search s = ctx.search();
        HassEvaluation.Run run = ctx.run();
        HassProblem problem = new HassProblem(ctx.encoding(), ctx.objectives(), run);
        if (Experiment.Search.FASTEST.equals(s.goal()) && Double.isFinite(ctx.denseAccuracy())) {
            problem.capAccuracy(ctx.denseAccuracy() - ctx.maxAccuracyDrop());
        }
        int pop = ctx.populationSize();
        var preference = new RankingAndDensityEstimatorPreference<DoubleSolution>(
                new FastNonDominatedSortRanking<>(new DominanceWithConstraintsComparator<>()), new CrowdingDistanceDensityEstimator<>());
        var replacement = new RankingAndDensityEstimatorReplacement<>(preference, Replacement.RemovalPolicy.ONE_SHOT);
        SolutionsCreation<DoubleSolution> creation = s.warmStart() > 0
                ? new WarmStart(problem, ctx, warmStartSize(s.warmStart(), run.budget(), pop), replacement)
                : new LadderStart(problem, ctx);
        Termination termination = attributes -> run.exhausted() || run.requests() >= STALL_FACTOR * Math.max(1, run.budget());
        var variation = new Budgeted(new HardwareAwareVariation(s.operators(), new GeneMoves(ctx.encoding()),
                ctx.encoding().size(), pop), problem);
        // multi-fidelity when the experiment asks for it and the evaluation can screen (SearchRunner wires the screener)
        Evaluation<DoubleSolution> evaluation = s.fidelity() != null && run.screenLevel() != null
                ? new ScreenedEvaluation(problem, s.fidelity().promote(), () -> variation.population)
                : new BatchEvaluation(problem);   // a generation at a time: the run's batch scorer may spread it over workers
        new EvolutionaryAlgorithm<>("HASS NSGA-II", creation, evaluation, termination,
                new NaryTournamentSelection<>(2, variation.getMatingPoolSize(), preference), variation, replacement) {
            @Override protected void initProgress() {
                super.initProgress();
                ctx.tracker().emit(0);
            }

            @Override protected void updateProgress() {
                super.updateProgress();
                ctx.tracker().emit(variation.generation);
            }
        }.run();
    }

    /** Points of the warm-start sweep: ⌈fraction × budget⌉, at least the population, at most the budget. */
    static int warmStartSize(double fraction, int budget, int population) {
        return Math.min(budget, Math.max(population, (int) Math.ceil(fraction * budget)));
    }

    /** Numbers the generations and cuts the last one to the budget that is left. */
    static final class Budgeted implements Variation<DoubleSolution> {
        private final Variation<DoubleSolution> inner;
        private final HassProblem problem;
        int generation;
        /** The population the last children were bred from (what {@link ScreenedEvaluation} ranks them against). */
        List<DoubleSolution> population = List.of();

        Budgeted(Variation<DoubleSolution> inner, HassProblem problem) {
            this.inner = inner;
            this.problem = problem;
        }

        @Override
        public List<DoubleSolution> variate(List<DoubleSolution> population, List<DoubleSolution> matingPool) {
            this.population = population;
            List<DoubleSolution> children = inner.variate(population, matingPool);
            problem.generation(++generation);
            int left = problem.run().remaining();
            return children.size() > left ? new ArrayList<>(children.subList(0, left)) : children;
        }

        @Override public int getMatingPoolSize() { return inner.getMatingPoolSize(); }

        @Override public int getOffspringPopulationSize() { return inner.getOffspringPopulationSize(); }
    }

    /** A generation evaluated as one batch, so that a run's batch scorer can score its children in parallel. */
    static final class BatchEvaluation implements Evaluation<DoubleSolution> {
        private final HassProblem problem;
        private int computed;

        BatchEvaluation(HassProblem problem) { this.problem = problem; }

        @Override
        public List<DoubleSolution> evaluate(List<DoubleSolution> solutions) {
            problem.evaluateAll(solutions);
            computed = solutions.size();
            return solutions;
        }

        @Override public int computedEvaluations() { return computed; }

        @Override public Problem<DoubleSolution> problem() { return problem; }
    }

    /** A solution with the genes of a parameter map. */
    static DoubleSolution solution(HassProblem problem, Map<String, Double> params) {
        double[] genes = problem.encoding().encode(params);
        DoubleSolution s = problem.createSolution();
        for (int v = 0; v < genes.length; v++) s.variables().set(v, genes[v]);
        return s;
    }

    /** Generation 0 from a scored prefix of the uniform sweep: its best N by rank and crowding. */
    static final class WarmStart implements SolutionsCreation<DoubleSolution> {
        private final HassProblem problem;
        private final Context ctx;
        private final int points;
        private final Replacement<DoubleSolution> best;

        WarmStart(HassProblem problem, Context ctx, int points, Replacement<DoubleSolution> best) {
            this.problem = problem;
            this.ctx = ctx;
            this.points = points;
            this.best = best;
        }

        @Override
        public List<DoubleSolution> create() {
            Distribution w = ctx.space().weightThreshold(), a = ctx.space().activationThreshold();
            HassEvaluation.Run run = ctx.run();
            // the points one evaluate() after the other would take (new ones up to the budget), scored as one batch
            List<DoubleSolution> sweep = new ArrayList<>();
            Set<String> asked = new HashSet<>(), fresh = new HashSet<>();
            for (int i = 0; i < points && fresh.size() < run.remaining(); i++) {
                var params = ctx.encoding().uniform(UniformStrategy.at(w, UniformStrategy.halton(i, 2)),
                        UniformStrategy.at(a, UniformStrategy.halton(i, 3)));
                if (run.isCached(params) || asked.contains(ctx.encoding().key(params))) continue;
                DoubleSolution s = solution(problem, params);
                var snapped = ctx.encoding().decode(ctx.encoding().snap(s.variables().stream().mapToDouble(Double::doubleValue).toArray()));
                asked.add(ctx.encoding().key(snapped));
                if (!run.isCached(snapped)) fresh.add(ctx.encoding().key(snapped));
                sweep.add(s);
            }
            problem.evaluateAll(sweep);
            int n = ctx.populationSize();
            if (sweep.size() <= n) {   // a tiny space or budget: top up with the ladder
                List<DoubleSolution> out = new ArrayList<>(sweep);
                int room = Math.min(n - out.size(), run.remaining());
                for (DoubleSolution s : new LadderStart(problem, ctx).create()) if (room-- > 0) out.add(s);
                return out;
            }
            return best.replace(new ArrayList<>(sweep.subList(0, n)), new ArrayList<>(sweep.subList(n, sweep.size())));
        }
    }

    /**
     * Generation 0 without a scored sweep: the sweep's first N/2 points (unscored), then individual i of the
     * other N − N/2 draws every gene uniformly in the lowest fraction ((i+1)/(N − N/2))² of its range, a ladder
     * from near-dense to the full box (uniform draws over the whole box are almost all infeasible).
     */
    static final class LadderStart implements SolutionsCreation<DoubleSolution> {
        private final HassProblem problem;
        private final Context ctx;

        LadderStart(HassProblem problem, Context ctx) {
            this.problem = problem;
            this.ctx = ctx;
        }

        @Override
        public List<DoubleSolution> create() {
            int n = ctx.populationSize(), uniform = n / 2, ladder = n - uniform;
            List<DoubleSolution> pop = new ArrayList<>(n);
            Distribution w = ctx.space().weightThreshold(), a = ctx.space().activationThreshold();
            for (int i = 1; i <= uniform; i++) {
                pop.add(solution(problem, ctx.encoding().uniform(UniformStrategy.at(w, UniformStrategy.halton(i, 2)),
                        UniformStrategy.at(a, UniformStrategy.halton(i, 3)))));
            }
            JMetalRandom r = JMetalRandom.getInstance();
            for (int i = 0; i < ladder; i++) {
                DoubleSolution s = problem.createSolution();
                double scale = Math.pow((i + 1.0) / ladder, 2);
                for (int v = 0; v < s.variables().size(); v++) {
                    var b = s.getBounds(v);
                    s.variables().set(v, b.getLowerBound() + r.nextDouble() * scale * (b.getUpperBound() - b.getLowerBound()));
                }
                pop.add(s);
            }
            return pop;
        }
    }
}
