package dev.hass.search;

import java.util.Map;

/**
 * Scores one candidate, given by its parameters ({@code tw.<layer>}, {@code ta.<layer>}, or {@code tw}/{@code ta}).
 * The HASS scorer is {@link HassScorer}: accuracy oracle, then the hardware DSE on the measured histograms.
 * A scorer may throw; the evaluation records the trial as failed and the search goes on.
 */
@FunctionalInterface
public interface Scorer {
    Score score(Map<String, Double> params) throws Exception;
}
