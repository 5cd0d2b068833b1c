package dev.hass.hardware.conformance;

/**
 * Outcome of one reference vector.
 *
 * @param id       vector id (fine-sweep points: {@code <config>/fine=<f>})
 * @param category layer category (conv_dense, conv_sparse, …, fine_sweep)
 * @param status   PASS, QUIRK (differs only in documented reference quirks, counts as passed) or FAIL
 * @param reason   what differed and why (empty for a clean pass)
 * @param ours     our metrics for the compared quantities
 * @param reference the reference's values of the same quantities
 * @param oursAsReference our values with the documented reference quirks applied (quirk 4 on LUT/FF),
 *                  the fair basis for the resource error statistics
 */
record VectorResult(String id, String category, Status status, String reason, Numbers ours, Numbers reference,
                           Numbers oursAsReference) {
    public enum Status { PASS, QUIRK, FAIL }

    /** Latency (cycles), DSP, BRAM18, LUT, FF of one side. */
    public record Numbers(double latency, double dsp, double bram, double lut, double ff) {}

    public boolean passed() { return status != Status.FAIL; }
}
