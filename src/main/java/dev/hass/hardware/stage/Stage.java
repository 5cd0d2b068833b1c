package dev.hass.hardware.stage;

import java.util.List;

/**
 * One stage of the dataflow pipeline (an fpgaConvNet "layer"): its cost is a pure function of its
 * folding. Implementations are immutable and cheap to evaluate: the DSE calls {@link #evaluate}
 * thousands of times per candidate.
 */
public interface Stage {
    String name();

    /** The foldings this stage accepts, as the lists of feasible values of each parameter. */
    FoldingSpace space();

    /** Cost at the given folding; throws {@link IllegalArgumentException} when it is not in {@link #space()}. */
    StageMetrics evaluate(Folding folding);

    /** The cheapest folding (all parallelism 1). */
    default Folding minimal() { return space().minimal(); }

    /**
     * Expected multiplier-cycles per frame (dense MACs scaled by the expected non-zero fraction),
     * the stage's share of the perfect-division bound; 0 for stages without multipliers.
     */
    double expectedMultiplierCycles();

    /**
     * Another stage's hardware under other arithmetic (latency, rates), e.g. the conformance package's
     * reference model: the same layer with the same weights, so storage rules and reports look through it
     * to {@link #original()}.
     */
    interface Repriced extends Stage {
        Stage original();
    }

    /** Feasible values per folding parameter; lists are ascending and start with 1. */
    record FoldingSpace(Kind kind, List<Integer> coarseIn, List<Integer> coarseOut,
                        List<Integer> coarseGroup, List<Integer> fine) {
        public enum Kind { CONV, INNER_PRODUCT, COARSE }

        public Folding minimal() {
            return switch (kind) {
                case CONV -> new Folding.Conv(1, 1, 1, fine.get(0));
                case INNER_PRODUCT -> new Folding.InnerProduct(1, 1);
                case COARSE -> new Folding.Coarse(1);
            };
        }
    }
}
