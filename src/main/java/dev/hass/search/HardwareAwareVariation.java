package dev.hass.search;

import dev.hass.experiment.Experiment;
import java.util.ArrayList;
import java.util.List;
import org.uma.jmetal.component.catalogue.ea.variation.Variation;
import org.uma.jmetal.operator.crossover.impl.SBXCrossover;
import org.uma.jmetal.operator.mutation.impl.PolynomialMutation;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;

/**
 * HASS's variation: each pair of parents from the mating pool makes two children by one operator, drawn with
 * the experiment's weights ({@link Experiment.Operators}): SBX + polynomial mutation (the classic NSGA-II pair), the
 * {@link GeneMoves#bottleneck bottleneck move} or the {@link GeneMoves#uniform uniform move}, the latter two
 * applied to each parent on its own. A parent without a design (failed trial) falls back from the bottleneck
 * move to the uniform one. Seeded through {@link JMetalRandom}.
 */
public final class HardwareAwareVariation implements Variation<DoubleSolution> {
    public static final double CROSSOVER_PROBABILITY = 0.9;
    public static final double DISTRIBUTION_INDEX = 20.0;

    private final Experiment.Operators mix;
    private final GeneMoves moves;
    private final SBXCrossover crossover = new SBXCrossover(CROSSOVER_PROBABILITY, DISTRIBUTION_INDEX);
    private final PolynomialMutation mutation;
    private final int offspring;
    private final JMetalRandom random = JMetalRandom.getInstance();
    private final int[] uses = new int[3];

    public HardwareAwareVariation(Experiment.Operators mix, GeneMoves moves, int genes, int offspring) {
        this.mix = mix;
        this.moves = moves;
        this.mutation = new PolynomialMutation(1.0 / genes, DISTRIBUTION_INDEX);
        this.offspring = offspring + offspring % 2;
    }

    @Override
    public List<DoubleSolution> variate(List<DoubleSolution> population, List<DoubleSolution> matingPool) {
        List<DoubleSolution> children = new ArrayList<>(offspring);
        for (int i = 0; children.size() < offspring; i += 2) {
            DoubleSolution a = matingPool.get(i % matingPool.size()), b = matingPool.get((i + 1) % matingPool.size());
            double u = random.nextDouble() * (mix.sbx() + mix.bottleneck() + mix.uniform());
            if (u < mix.sbx()) {
                uses[0] += 2;
                for (DoubleSolution c : crossover.execute(List.of(a, b))) children.add(mutation.execute(c));
            } else {
                boolean bottleneck = u < mix.sbx() + mix.bottleneck();
                for (DoubleSolution p : List.of(a, b)) children.add(move(p, bottleneck));
            }
        }
        return children;
    }

    private DoubleSolution move(DoubleSolution parent, boolean bottleneck) {
        DoubleSolution child = (DoubleSolution) parent.copy();
        if (bottleneck && moves.bottleneck(child, HassProblem.trialOf(parent))) {
            uses[1]++;
        } else {
            moves.uniform(child);
            uses[2]++;
        }
        return child;
    }

    /** Children made so far by SBX, the bottleneck move and the uniform move. */
    public int[] uses() { return uses.clone(); }

    @Override public int getMatingPoolSize() { return offspring; }

    @Override public int getOffspringPopulationSize() { return offspring; }
}
