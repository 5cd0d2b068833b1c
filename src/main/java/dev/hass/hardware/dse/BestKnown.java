package dev.hass.hardware.dse;

/**
 * The designs a DSE result is measured against ("how far from the best known"): the reference
 * optimiser's greedy folding in our model and, when the pipeline has sparse convs, the design with
 * every conv on the dense engine (what the dense network gets). The DSE returns neither when it finds
 * something faster, and never anything slower, so {@link #ratio} is ≥ 1 for a design from {@link Dse}.
 *
 * @param greedyFps throughput of the reference's greedy folding (0 when even that does not fit)
 * @param denseFps  throughput of the all-dense-engine design, NaN when the pipeline has no sparse conv
 * @param fps       throughput of the design compared
 */
public record BestKnown(double greedyFps, double denseFps, double fps) {

    /** The yardsticks of a design, computed on its own pipeline, board and options. */
    public static BestKnown of(Design d) {
        Design g = Dse.greedy(d.pipeline(), d.platform(), d.options());
        Design dense = Dse.denseEngineDesign(d.pipeline(), d.platform(), d.options());
        return new BestKnown(g.feasible() ? g.throughput() : 0,
                dense == null ? Double.NaN : dense.feasible() ? dense.throughput() : 0, d.throughput());
    }

    /** The faster of the yardsticks. */
    public double bestFps() { return Double.isNaN(denseFps) ? greedyFps : Math.max(greedyFps, denseFps); }

    /** This design's throughput over the best yardstick's (&gt; 1: faster than anything known besides it). */
    public double ratio() { return bestFps() > 0 ? fps / bestFps() : Double.POSITIVE_INFINITY; }
}
