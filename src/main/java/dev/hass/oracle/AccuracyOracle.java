package dev.hass.oracle;

import java.util.List;

/**
 * Scores one sparsity candidate of a trained model: the accuracy it keeps and the sparsity it yields.
 *
 * <p>For each call of {@link #evaluate} the oracle
 * <ol>
 *   <li>restores the trained (dense) weights — nothing carries over from an earlier candidate;</li>
 *   <li>applies the weight masks {@code |w| < τ_w[l] → 0} to every prunable layer {@code l} and the
 *       thresholded activations {@code y = x if x > τ_a[l] else 0} on the input of every layer that
 *       {@link PrunableLayer#hasActivationThreshold() has one};</li>
 *   <li>optionally fine-tunes {@link Fidelity#fineTuneSteps()} steps (Adam) on the training split with the
 *       weight masks held (re-applied after each step);</li>
 *   <li>measures top-1 accuracy on the first {@link Fidelity#evaluationImages()} images of the fixed
 *       validation subset;</li>
 *   <li>only when {@link Fidelity#testImages()} &gt; 0: measures top-1 accuracy of the same model on the first
 *       that many images of the held-out test file ({@link OracleResult#testAccuracy()}); for the final
 *       numbers of the finalists only, never to choose;</li>
 *   <li>collects per-layer sparsity and window zero-product histograms on the calibration subset.</li>
 * </ol>
 * Calls are sequential (one gradient collector per JVM); implementations are not thread-safe.
 * The same thresholds and fidelity give the same result every time.
 */
public interface AccuracyOracle extends AutoCloseable {

    /** The zoo architecture name, e.g. {@code lenet5}. */
    String architecture();

    /** The prunable layers (Conv and Linear) in forward order, with their stable zoo names (docs/neural.md). */
    List<PrunableLayer> layers();

    /** Top-1 accuracy of the trained model without any thresholds on the full validation subset. */
    double denseAccuracy();

    /** Evaluates one candidate; see the class comment for the exact procedure. */
    OracleResult evaluate(Thresholds thresholds, Fidelity fidelity);

    /** Releases the native memory of the model; no exception beyond runtime ones. */
    @Override
    void close();
}
