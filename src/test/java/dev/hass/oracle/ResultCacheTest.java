package dev.hass.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The oracles' memo and the values it is keyed by, without a model (the oracles themselves are tested on trained
 * networks in the slow set): equal thresholds and fidelity are one evaluation, anything else is another.
 */
class ResultCacheTest {
    /** Counts the evaluations the cache lets through; the accuracy says which call made the result. */
    private final List<String> runs = new ArrayList<>();

    private OracleResult run(Thresholds t, Fidelity f) {
        runs.add(t.weight() + "/" + t.activation() + "@" + f);
        return new OracleResult(runs.size() / 1000.0, Map.of(), 0.0);
    }

    @Test
    void equalCandidatesAreEvaluatedOnceAndADifferentFidelityIsAnotherEvaluation() {
        ResultCache cache = new ResultCache();
        Map<String, Double> w = new HashMap<>(Map.of("conv1", 0.1));
        Thresholds a = new Thresholds(w, Map.of("conv2", 0.5));
        OracleResult first = cache.get(a, new Fidelity(0, 500), this::run);
        w.put("conv1", 0.9);   // the record copied its maps: changing the caller's map changes nothing
        Thresholds same = new Thresholds(Map.of("conv1", 0.1), Map.of("conv2", 0.5));
        assertSame(first, cache.get(same, new Fidelity(0, 500), this::run));
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(0.1, a.weightOf("conv1"));

        cache.get(a, new Fidelity(0, 200), this::run);
        cache.get(a, new Fidelity(10, 500), this::run);
        cache.get(new Thresholds(Map.of("conv1", 0.1), Map.of()), new Fidelity(0, 500), this::run);
        assertEquals(4, runs.size(), runs.toString());
    }

    @Test
    void theLeastRecentlyUsedEntryGoesFirstPastTheSize() {
        ResultCache cache = new ResultCache();
        Fidelity f = new Fidelity(0, 100);
        Thresholds kept = new Thresholds(Map.of("fc", 0.0), Map.of());
        cache.get(kept, f, this::run);
        for (int i = 1; i < ResultCache.SIZE; i++) cache.get(new Thresholds(Map.of("fc", (double) i), Map.of()), f, this::run);
        cache.get(kept, f, this::run);   // touched: now the most recent
        assertEquals(ResultCache.SIZE, runs.size());
        cache.get(new Thresholds(Map.of("fc", -1.0), Map.of()), f, this::run);   // evicts fc=1, the oldest untouched
        cache.get(kept, f, this::run);
        assertEquals(ResultCache.SIZE + 1, runs.size(), "the touched entry stayed");
        cache.get(new Thresholds(Map.of("fc", 1.0), Map.of()), f, this::run);
        assertEquals(ResultCache.SIZE + 2, runs.size(), "the oldest entry was evicted and is evaluated again");
    }

    @Test
    void aMissingLayerHasThresholdZeroAndImpossibleFidelitiesAreRefusedNamingTheField() {
        Thresholds none = Thresholds.none();
        assertEquals(0.0, none.weightOf("conv1"));
        assertEquals(0.0, none.activationOf("conv1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Fidelity(0, 0));
        assertTrue(e.getMessage().contains("evaluationImages must be > 0, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Fidelity(-1, 10));
        assertTrue(e.getMessage().contains("fineTuneSteps must be >= 0, got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Fidelity(0, 10, -2));
        assertTrue(e.getMessage().contains("testImages must be >= 0, got -2"), e.getMessage());
    }
}
