package dev.hass.hardware.dse;

/**
 * Which implementation variants of a stage the DSE need not consider. Variants (weights in BRAM, URAM
 * or DRAM; a sparse or a dense engine) differ in resources and, for the engine, in latency; a variant
 * that at the same folding is no faster (effective latency) and needs at least as much of every
 * resource (off-chip bits included) as an earlier variant can never be the better choice — e.g. URAM
 * or DRAM for weights small enough for LUTRAM — and one that alone exceeds a resource's budget (URAM
 * on a board without URAM) never fits. Exact pruning: no design the search could reach is lost.
 * Off-chip bits are a budget that depends on the target interval, so only the first five resources
 * are compared with the budget.
 */
final class MemoryOptions {
    private MemoryOptions() {}

    /**
     * @param res    resources per option, index v·per + k for variant v at folding k (null: not in that variant's space)
     * @param eff    effective latency per option, same index
     * @param j      the option tested (variant v &gt; 0)
     * @param avail  budgets (DSP, BRAM, LUT, FF, URAM, bits)
     */
    static boolean useless(long[][] res, long[] eff, int j, int per, int v, double[] avail) {
        long[] r = res[j];
        for (int q = 0; q < 5; q++) if (r[q] > avail[q]) return true;
        int k = j - v * per;
        for (int u = 0; u < v; u++) {
            long[] o = res[u * per + k];
            if (o == null || eff[u * per + k] > eff[j]) continue;
            boolean dominates = true;
            for (int q = 0; q < r.length; q++) if (o[q] > r[q]) { dominates = false; break; }
            if (dominates) return true;
        }
        return false;
    }
}
