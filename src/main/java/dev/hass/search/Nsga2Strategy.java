package dev.hass.search;

import dev.hass.space.Distribution;

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
 * <p>Initial population: the first N/2 individuals are the uniform baseline's first points (one τ_w, τ_a pair
 * for every layer, Halton points 1..N/2 of {@link UniformStrategy}), so at a small budget NSGA-II starts where
 * the uniform sweep is and its per-layer variation works from there; individual i of the other N − N/2 draws
 * every gene uniformly in the lowest fraction ((i+1)/(N − N/2))² of its range. Uniform draws over the whole
 * box are almost all infeasible (random per-layer thresholds near the top of their ranges destroy accuracy),
 * so the feasible low-threshold region would be reached only after many generations; the ladder of scales
 * spreads those individuals from near-dense to the full range, still with per-layer variation.
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
            int n = getMaxPopulationSize(), uniform = n / 2, ladder = n - uniform;
            Distribution w = ctx.space().weightThreshold(), a = ctx.space().activationThreshold();
            for (int i = 1; i <= uniform; i++) {
                double[] genes = ctx.encoding().encode(ctx.encoding().uniform(
                        UniformStrategy.at(w, UniformStrategy.halton(i, 2)), UniformStrategy.at(a, UniformStrategy.halton(i, 3))));
                DoubleSolution s = hass.createSolution();
                for (int v = 0; v < genes.length; v++) s.variables().set(v, genes[v]);
                pop.add(s);
            }
            for (int i = 0; i < ladder; i++) {
                DoubleSolution s = hass.createSolution();
                double scale = Math.pow((i + 1.0) / ladder, 2);
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
