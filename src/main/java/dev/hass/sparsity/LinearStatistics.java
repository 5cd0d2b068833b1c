package dev.hass.sparsity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.hass.nn.LayerSpec;

/**
 * Weight, activation and product sparsity of one Linear layer: a product {@code x[n,i]·w[o,i]} is zero when
 * either factor is; over a batch the nonzero products are {@code Σ_n Σ_i [x[n,i]≠0]·nnz(column i of W)}.
 */
public final class LinearStatistics {
    private final int in;
    private final int out;
    private final float[] columnNonzeros;
    private final double weightSparsity;
    private long activationValues;
    private long activationZeros;
    private double products;
    private double nonzeroProducts;

    /** @param weights current weights, {@code out × in} row-major */
    public LinearStatistics(LayerSpec spec, float[] weights) {
        this.in = spec.inChannels();
        this.out = spec.outChannels();
        if (weights.length != in * out) throw new IllegalArgumentException(spec.name() + ": " + weights.length + " weights, expected " + in * out);
        columnNonzeros = new float[in];
        long zeros = 0;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                if (weights[o * in + i] != 0f) columnNonzeros[i]++; else zeros++;
            }
        }
        weightSparsity = zeros / (double) weights.length;
    }

    /** Adds one batch {@code N × in} of the layer's input. */
    public void accumulate(NDArray input) {
        try (NDManager m = input.getManager().newSubManager()) {
            NDArray nz = input.neq(0f).toType(DataType.FLOAT32, false);
            nz.attach(m);
            long n = input.getShape().get(0);
            NDArray perFeature = nz.sum(new int[]{0}); // how many images have feature i nonzero
            float[] f = perFeature.toFloatArray();
            long nonzero = 0;
            for (float v : f) nonzero += (long) v;
            activationValues += input.size();
            activationZeros += input.size() - nonzero;
            double nzp = 0;
            for (int i = 0; i < in; i++) nzp += (double) f[i] * columnNonzeros[i];
            nonzeroProducts += nzp;
            products += (double) n * in * out;
        }
    }

    public LayerProfile profile() {
        double act = activationValues == 0 ? 0 : activationZeros / (double) activationValues;
        double prod = products == 0 ? 0 : 1 - nonzeroProducts / products;
        return new LayerProfile(weightSparsity, act, prod, null);
    }
}
