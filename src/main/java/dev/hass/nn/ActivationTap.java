package dev.hass.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;

import java.util.function.Consumer;

/**
 * Sits on the input of one prunable layer: applies the activation threshold
 * ({@code y = x if x > τ_a else 0}; τ_a = 0 leaves the input untouched, which after a ReLU is the same)
 * and, while a recorder is attached, hands the thresholded input (what the layer really reads) to it.
 * Mutable on purpose: the oracle changes τ_a per candidate without rebuilding the network.
 */
public final class ActivationTap {
    private final String layer;
    private volatile float threshold;
    private Consumer<NDArray> recorder;
    private volatile Quantizer quantizer;

    public ActivationTap(String layer) {
        this.layer = layer;
    }

    public String layer() {
        return layer;
    }

    public float threshold() {
        return threshold;
    }

    public void setThreshold(double threshold) {
        if (!(threshold >= 0)) throw new IllegalArgumentException("activation threshold of " + layer + " must be >= 0, got " + threshold);
        this.threshold = (float) threshold;
    }

    /**
     * Fixed-point quantisation of what the layer reads (after the threshold), as the accelerator's
     * activation width would store it; {@code null} = float.
     */
    public void setQuantizer(Quantizer quantizer) {
        this.quantizer = quantizer;
    }

    public Quantizer quantizer() {
        return quantizer;
    }

    /** Attach ({@code null} detaches) a consumer of every batch this layer reads. */
    public void setRecorder(Consumer<NDArray> recorder) {
        this.recorder = recorder;
    }

    NDList apply(NDList in) {
        NDArray x = in.singletonOrThrow();
        NDArray y = threshold > 0 ? x.mul(x.gt(threshold).toType(x.getDataType(), false)) : x;
        Quantizer q = quantizer;
        if (q != null) y = q.quantize(y);
        Consumer<NDArray> r = recorder;
        if (r != null) r.accept(y);
        return new NDList(y);
    }

    LambdaBlock block() {
        return new LambdaBlock(this::apply, "tap_" + layer);
    }
}
