package dev.hass.oracle;

/**
 * How expensive one evaluation is, and whether it also measures the held-out test file.
 *
 * @param fineTuneSteps    Adam steps on the training split with the masks held (0 = one-shot, no training)
 * @param evaluationImages how many images of the validation subset to score (clamped to its size)
 * @param testImages       how many images of the test file to score as well (clamped to its size); 0 = none.
 *                         Only for the final numbers of the finalists: the search never sets it, so the test
 *                         file never takes part in a choice
 * @param histogramImages  how many images of the calibration subset the sparsities and histograms are measured
 *                         on (its head, clamped to its size); 0 = all of it
 */
public record Fidelity(int fineTuneSteps, int evaluationImages, int testImages, int histogramImages) {
    public Fidelity {
        if (histogramImages < 0) throw new IllegalArgumentException("histogramImages must be >= 0, got " + histogramImages);
        if (fineTuneSteps < 0) throw new IllegalArgumentException("fineTuneSteps must be >= 0, got " + fineTuneSteps);
        if (evaluationImages <= 0) throw new IllegalArgumentException("evaluationImages must be > 0, got " + evaluationImages);
        if (testImages < 0) throw new IllegalArgumentException("testImages must be >= 0, got " + testImages);
    }

    /** Validation only (every search evaluation). */
    public Fidelity(int fineTuneSteps, int evaluationImages) {
        this(fineTuneSteps, evaluationImages, 0, 0);
    }

    /** Histograms on the whole calibration subset. */
    public Fidelity(int fineTuneSteps, int evaluationImages, int testImages) {
        this(fineTuneSteps, evaluationImages, testImages, 0);
    }
}
