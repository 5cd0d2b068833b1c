package dev.hass.search;

import java.util.List;
import org.uma.jmetal.algorithm.multiobjective.nsgaii.NSGAII;
import org.uma.jmetal.operator.crossover.impl.SBXCrossover;
import org.uma.jmetal.operator.mutation.impl.PolynomialMutation;
import org.uma.jmetal.operator.selection.impl.BinaryTournamentSelection;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.comparator.RankingAndCrowdingDistanceComparator;
import org.uma.jmetal.util.comparator.dominanceComparator.impl.DominanceWithConstraintsComparator;
import org.uma.jmetal.util.evaluator.impl.SequentialSolutionListEvaluator;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;

/**
 * NSGA-II (jMetal 6.6) over per-layer thresholds: SBX (p 0.9, η 20) and polynomial mutation (p 1/n, η 20),
 * binary tournament on rank and crowding, constrained domination (feasible first, then less violation).
 * Evaluations are sequential (one DJL gradient collector per JVM). The last generation is cut to the
 * remaining budget so a run ends with exactly its budget.
 *
 * <p>Initial population: individual i of N draws every gene uniformly in the lowest fraction ((i+1)/N)² of
 * its range. Uniform draws over the whole box are almost all infeasible (random per-layer thresholds
 * near the top of their ranges destroy accuracy), so the feasible low-threshold region, where the
 * accuracy constraint is met, would be reached only after many generations; the ladder of scales spreads
 * the first generation from near-dense to the full range, still with per-layer variation.
 */
public final class Nsga2Strategy implements Strategy {
    public static final double CROSSOVER_PROBABILITY = 0.9;
    public static final double DISTRIBUTION_INDEX = 20.0;

    @Override public String name() { return "nsga2"; }

    @Override
    public void run(Context ctx) {
        JMetalRandom.getInstance().setSeed(ctx.seed());
        HassProblem problem = new HassProblem(ctx.encoding(), ctx.objectives(), ctx.run());
        int n = ctx.encoding().size();
        int pop = ctx.populationSize();
        new Algorithm(problem, ctx, pop,
                new SBXCrossover(CROSSOVER_PROBABILITY, DISTRIBUTION_INDEX),
                new PolynomialMutation(1.0 / n, DISTRIBUTION_INDEX)).run();
    }

    /** jMetal's NSGA-II with our budget, generation numbering and progress. */
    static final class Algorithm extends NSGAII<DoubleSolution> {
        private final HassProblem hass;
        private final Context ctx;
        private int generation;

        Algorithm(HassProblem problem, Context ctx, int pop, SBXCrossover crossover, PolynomialMutation mutation) {
            super(problem, ctx.run().budget(), pop, pop, pop, crossover, mutation,
                    new BinaryTournamentSelection<>(new RankingAndCrowdingDistanceComparator<>()),
                    new DominanceWithConstraintsComparator<>(), new SequentialSolutionListEvaluator<>());
            this.hass = problem;
            this.ctx = ctx;
        }

        @Override protected List<DoubleSolution> createInitialPopulation() {
            List<DoubleSolution> pop = new java.util.ArrayList<>(getMaxPopulationSize());
            JMetalRandom r = JMetalRandom.getInstance();
            int n = getMaxPopulationSize();
            for (int i = 0; i < n; i++) {
                DoubleSolution s = hass.createSolution();
                double scale = Math.pow((i + 1.0) / n, 2);
                for (int v = 0; v < s.variables().size(); v++) {
                    var b = s.getBounds(v);
                    s.variables().set(v, b.getLowerBound() + r.nextDouble() * scale * (b.getUpperBound() - b.getLowerBound()));
                }
                pop.add(s);
            }
            return pop;
        }

        @Override protected void initProgress() {
            super.initProgress();
            ctx.tracker().emit(generation);
        }

        @Override protected void updateProgress() {
            super.updateProgress();
            ctx.tracker().emit(generation);
        }

        @Override protected boolean isStoppingConditionReached() {
            HassEvaluation.Run r = ctx.run();
            return r.exhausted() || r.requests() >= STALL_FACTOR * Math.max(1, r.budget());
        }

        @Override protected List<DoubleSolution> reproduction(List<DoubleSolution> matingPool) {
            List<DoubleSolution> offspring = super.reproduction(matingPool);
            hass.generation(++generation);
            int left = ctx.run().remaining();
            return offspring.size() > left ? offspring.subList(0, left) : offspring;
        }
    }
}
