package dev.hass.hardware.stage;

/** How much parallelism a stage is given. Immutable; one shape per stage kind. */
public sealed interface Folding permits Folding.Conv, Folding.InnerProduct, Folding.Coarse {

    /** Convolution: coarse_in, coarse_out, coarse_group (divisors) and fine (multipliers per dot product). */
    record Conv(int coarseIn, int coarseOut, int coarseGroup, int fine) implements Folding {}

    /** Inner product (fully connected): coarse_in × coarse_out multipliers. */
    record InnerProduct(int coarseIn, int coarseOut) implements Folding {}

    /** Every other stage: one number of parallel streams. */
    record Coarse(int coarse) implements Folding {}
}
