package dev.hass.search;

import dev.hass.space.Encoding;
import dev.hass.study.Objectives;
import dev.hass.study.Trial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.uma.jmetal.problem.doubleproblem.impl.AbstractDoubleProblem;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.ConstraintHandling;

/**
 * The jMetal problem: the chromosome is the space's encoding (τ_w[l], τ_a[l] per prunable layer), snapped
 * onto each distribution's step before it is evaluated (and written back, so duplicates are visible). The
 * objectives come minimised from {@link Objectives}; constraints go to jMetal's constraint handling
 * (jMetal: negative = violated, the opposite sign of Optuna's).
 *
 * <p>Each evaluated solution carries its {@link Trial} as the attribute {@link #TRIAL}, so hardware-aware
 * operators can read the parent's per-stage cycles. With an accuracy cap ({@link #capAccuracy}), the ranking
 * sees accuracy above the cap as equal to the cap: the goal "fastest design within the accuracy limit"
 * stops rewarding accuracy it does not need; the trial log keeps the measured value.
 */
public final class HassProblem extends AbstractDoubleProblem {
    /** Constraint names in the order of jMetal's constraint array. */
    public static final List<String> CONSTRAINTS = List.of("accuracyDrop", "resources");
    static final double FAILED_VIOLATION = 1e12;
    /** Attribute key of the trial behind an evaluated solution (copied into children until they are evaluated). */
    public static final String TRIAL = "hass.trial";

    private final Encoding encoding;
    private final Objectives objectives;
    private final HassEvaluation.Run run;
    private int generation;
    private double accuracyCap = Double.NaN;

    public HassProblem(Encoding encoding, Objectives objectives, HassEvaluation.Run run) {
        this.encoding = encoding;
        this.objectives = objectives;
        this.run = run;
        numberOfObjectives(objectives.size());
        numberOfConstraints(CONSTRAINTS.size());
        name("HASS");
        List<Double> lo = new ArrayList<>(), hi = new ArrayList<>();
        for (double v : encoding.lower()) lo.add(v);
        for (double v : encoding.upper()) hi.add(v);
        variableBounds(lo, hi);
    }

    public void generation(int g) { generation = g; }

    /** Ranks accuracy above {@code cap} as {@code cap} (NaN: no cap). */
    public HassProblem capAccuracy(double cap) {
        accuracyCap = cap;
        return this;
    }

    public Encoding encoding() { return encoding; }

    /** The trial an evaluated solution (or a child not yet evaluated: its parent's) stands for; null if none. */
    public static Trial trialOf(DoubleSolution s) {
        return s.attributes().get(TRIAL) instanceof Trial t ? t : null;
    }

    public HassEvaluation.Run run() { return run; }

    @Override
    public DoubleSolution evaluate(DoubleSolution s) {
        Trial t = run.evaluate(encoding.decode(snap(s)), generation);
        apply(t, s, objectives, accuracyCap);
        s.attributes().put(TRIAL, t);
        return s;
    }

    /** As {@link #evaluate}, at the screening fidelity (the full trial instead when the run has one). */
    public DoubleSolution screen(DoubleSolution s) {
        Trial t = run.screen(encoding.decode(snap(s)), generation);
        apply(t, s, objectives, accuracyCap);
        s.attributes().put(TRIAL, t);
        return s;
    }

    /** Whether the run already has a full-fidelity trial of the solution's (snapped) genes. */
    public boolean measured(DoubleSolution s) {
        return run.isCached(encoding.decode(snap(s)));
    }

    /** Snaps the genes onto the distributions' steps and writes them back, so duplicates are visible. */
    private double[] snap(DoubleSolution s) {
        double[] genes = encoding.snap(s.variables().stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < genes.length; i++) s.variables().set(i, genes[i]);
        return genes;
    }

    /**
     * Evaluates solutions as one batch ({@link HassEvaluation.Run#evaluateAll}: the run's batch scorer may score
     * them in parallel); the same trials, in the same order, as {@link #evaluate} on each.
     */
    public List<DoubleSolution> evaluateAll(List<DoubleSolution> solutions) {
        List<Map<String, Double>> params = new ArrayList<>(solutions.size());
        for (DoubleSolution s : solutions) {
            params.add(encoding.decode(snap(s)));
        }
        List<Trial> trials = run.evaluateAll(params, generation);
        for (int i = 0; i < solutions.size(); i++) {
            apply(trials.get(i), solutions.get(i), objectives, accuracyCap);
            solutions.get(i).attributes().put(TRIAL, trials.get(i));
        }
        return solutions;
    }

    /** Objectives and constraints of a trial into a solution (a failed trial is worst and infeasible). */
    static void apply(Trial t, DoubleSolution s, Objectives objectives, double accuracyCap) {
        double[] m = objectives.minimised(t);
        if (!Double.isNaN(accuracyCap) && t.complete()) {
            int i = objectives.names().indexOf("accuracy");
            if (i >= 0) m[i] = Math.max(m[i], objectives.minimised("accuracy", accuracyCap));
        }
        System.arraycopy(m, 0, s.objectives(), 0, m.length);
        double[] c = jmetalConstraints(t);
        System.arraycopy(c, 0, s.constraints(), 0, c.length);
        // children are copies of their parents, attributes included: overwrite the cached degrees
        ConstraintHandling.overallConstraintViolationDegree(s, Arrays.stream(c).filter(v -> v < 0).sum());
        ConstraintHandling.numberOfViolatedConstraints(s, (int) Arrays.stream(c).filter(v -> v < 0).count());
    }

    static double[] jmetalConstraints(Trial t) {
        double[] c = new double[CONSTRAINTS.size()];
        Map<String, Double> given = t.complete() ? t.constraints() : null;
        for (int i = 0; i < c.length; i++) {
            Double v = given == null ? null : given.get(CONSTRAINTS.get(i));
            c[i] = v == null ? (t.complete() ? 0 : -FAILED_VIOLATION) : -v;
        }
        return c;
    }
}
