package dev.hass.oracle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The oracles' memo of finished evaluations by (thresholds, fidelity), least recently used evicted past
 * {@link #SIZE} entries: a search asks for the same candidate again (duplicates, finalists) and an evaluation is
 * deterministic, so the answer is kept instead of recomputed. Not thread-safe, like the oracles.
 */
final class ResultCache {
    static final int SIZE = 4096;

    /** Computes one evaluation that is not in the cache. */
    @FunctionalInterface
    interface Evaluation {
        OracleResult run(Thresholds thresholds, Fidelity fidelity);
    }

    private record Key(Thresholds thresholds, Fidelity fidelity) {}

    private final Map<Key, OracleResult> results = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, OracleResult> e) {
            return size() > SIZE;
        }
    };

    OracleResult get(Thresholds thresholds, Fidelity fidelity, Evaluation evaluation) {
        Key key = new Key(thresholds, fidelity);
        OracleResult hit = results.get(key);
        if (hit != null) return hit;
        OracleResult r = evaluation.run(thresholds, fidelity);
        results.put(key, r);
        return r;
    }
}
