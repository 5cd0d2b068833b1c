package dev.hass.oracle;

/**
 * How expensive one evaluation is.
 *
 * @param fineTuneSteps    Adam steps on the training split with the masks held (0 = one-shot, no training)
 * @param evaluationImages how many images of the validation subset to score (clamped to its size)
 */
public record Fidelity(int fineTuneSteps, int evaluationImages) {
    public Fidelity {
        if (fineTuneSteps < 0) throw new IllegalArgumentException("fineTuneSteps must be >= 0, got " + fineTuneSteps);
        if (evaluationImages <= 0) throw new IllegalArgumentException("evaluationImages must be > 0, got " + evaluationImages);
    }
}
