package dev.hass.hardware;

/**
 * Which weight-storage options the DSE need not consider. The storage variants of a stage (BRAM, URAM,
 * DRAM) have the same latency, rates and fill at a given folding and differ only in resources, so a
 * variant whose resources (off-chip bits included) are all ≥ those of an earlier variant at the same
 * folding can never be the better choice — e.g. URAM or DRAM for weights small enough for LUTRAM —
 * and one that alone exceeds a resource's budget (URAM on a board without URAM) never fits.
 * Exact pruning: no design the search could reach is lost. Off-chip bits are a budget that depends on
 * the target interval, so only the first five resources are compared with the budget.
 */
final class MemoryOptions {
    private MemoryOptions() {}

    /**
     * @param res    resources per option, index v·per + k for variant v at folding k
     * @param j      the option tested (variant v &gt; 0)
     * @param avail  budgets (DSP, BRAM, LUT, FF, URAM, bits)
     */
    static boolean useless(long[][] res, int j, int per, int v, double[] avail) {
        long[] r = res[j];
        for (int q = 0; q < 5; q++) if (r[q] > avail[q]) return true;
        int k = j - v * per;
        for (int u = 0; u < v; u++) {
            long[] o = res[u * per + k];
            boolean dominates = true;
            for (int q = 0; q < r.length; q++) if (o[q] > r[q]) { dominates = false; break; }
            if (dominates) return true;
        }
        return false;
    }
}
