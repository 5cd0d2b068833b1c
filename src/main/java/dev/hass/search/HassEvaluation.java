package dev.hass.search;

import dev.hass.space.Encoding;
import dev.hass.study.Objectives;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HASS evaluation: cache → scorer (oracle → DSE) → trial log. Every strategy asks it for trials and
 * nothing else holds state, so a killed search resumes by replaying the log: a rerun with the same seed
 * asks for the same candidates in the same order, and each one already in the log (same algorithm, seed,
 * position and parameters) is answered from it instead of being scored again.
 *
 * <p>Budget: one unit per distinct candidate of a run (the trials it logs). A candidate asked for twice in
 * one run is answered from the run's cache, logs nothing and costs nothing.
 *
 * <p>Multi-fidelity ({@link #screening}): a run may also ask for a <em>screen</em> of a candidate, scored by a
 * cheaper scorer and logged with its {@link Trial.Fidelity}; it costs its share of a full evaluation
 * ({@link Trial#cost}), and the budget is spent in full evaluations. A screen and a full evaluation of the same
 * candidate are two trials; the replay matches both parameters and level.
 */
public final class HassEvaluation {
    /** Budget arithmetic in full evaluations is in fractions: a screen of 1/3 thrice is one evaluation. */
    static final double EPS = 1e-9;
    /** Prefix of a screen's key in a run's cache (its full trial is under the bare key). */
    private static final String SCREEN_KEY = "screen:";
    /** The trial log's timestamp format (naive local time, microseconds). */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    /** Told about every trial a run produces (replayed = true when it came from the log). */
    public interface Listener {
        void onTrial(Trial trial, boolean replayed);
    }

    private final Encoding encoding;
    private final Objectives objectives;
    private final Scorer scorer;
    private final TrialLog log;
    private final Map<String, Deque<Trial>> replay = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private BatchScorer batchScorer;
    private int nextNumber;
    private Scorer screener;
    private Trial.Fidelity screenLevel, fullLevel;
    private double scoringSeconds;
    private int scored;

    /**
     * @param logged the trials already in the log (from {@link TrialLog#read}), replayed in order
     */
    public HassEvaluation(Encoding encoding, Objectives objectives, Scorer scorer, TrialLog log, List<Trial> logged) {
        this.encoding = encoding;
        this.objectives = objectives;
        this.scorer = scorer;
        this.log = log;
        for (Trial t : logged) {
            replay.computeIfAbsent(runKey(t.algorithm(), t.seed()), k -> new ArrayDeque<>()).add(t);
            nextNumber = Math.max(nextNumber, t.number() + 1);
        }
    }

    public void addListener(Listener l) { listeners.add(l); }

    /**
     * Turns on screens: {@code screener} scores them at {@code screen}; from now on every trial this evaluation
     * scores records its fidelity ({@code full} for the others), so the log says what each number was measured at.
     */
    public HassEvaluation screening(Scorer screener, Trial.Fidelity screen, Trial.Fidelity full) {
        if (screen.full() || !full.full() || !(screen.cost() > 0 && screen.cost() < 1) || full.cost() != 1) {
            throw new IllegalArgumentException("screen level " + screen + " must cost in (0, 1) of the full level " + full);
        }
        this.screener = screener;
        this.screenLevel = screen;
        this.fullLevel = full;
        return this;
    }

    /** The fidelity of a screen; null when this evaluation does not screen. */
    public Trial.Fidelity screenLevel() { return screenLevel; }

    /**
     * Scores the new full-fidelity candidates of each batch ({@link Run#evaluateAll}) with {@code b}, e.g. many workers;
     * without one a batch is scored one candidate after the other in this process. The log is the same either way.
     */
    public HassEvaluation batchScorer(BatchScorer b) {
        this.batchScorer = b;
        return this;
    }

    public Encoding encoding() { return encoding; }

    public Objectives objectives() { return objectives; }

    /** Wall seconds spent inside the scorer (oracle + DSE) for trials scored by this process. */
    public double scoringSeconds() { return scoringSeconds; }

    /** Trials scored by this process (not replayed). */
    public int scored() { return scored; }

    /** Starts (or, from the log, resumes) the run of one algorithm with one seed and its budget. */
    public Run run(String algorithm, long seed, int budget) {
        return new Run(algorithm, seed, budget, replay.computeIfAbsent(runKey(algorithm, seed), k -> new ArrayDeque<>()));
    }

    /** Constraints in a fixed order (known names first, others sorted) so that logs are byte-identical. */
    static Map<String, Double> ordered(Map<String, Double> constraints) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : HassProblem.CONSTRAINTS) if (constraints.containsKey(k)) m.put(k, constraints.get(k));
        constraints.keySet().stream().sorted().forEach(k -> m.putIfAbsent(k, constraints.get(k)));
        return m;
    }

    private static String runKey(String algorithm, long seed) { return algorithm + "#" + seed; }

    /** The log's position does not match what the search asks for: the log is from another experiment. */
    public static final class LogMismatchException extends RuntimeException {
        LogMismatchException(String m) { super(m); }
    }

    /** One algorithm's share of the log: its budget, cache and the trials it produced. */
    public final class Run {
        private final String algorithm;
        private final long seed;
        private final int budget;
        private final Deque<Trial> pending;
        private final Map<String, Trial> cache = new HashMap<>();
        private final List<Trial> trials = new ArrayList<>();
        private double spent;
        private int requests;
        private int replayed;

        private Run(String algorithm, long seed, int budget, Deque<Trial> pending) {
            this.algorithm = algorithm;
            this.seed = seed;
            this.budget = budget;
            this.pending = pending;
        }

        public String algorithm() { return algorithm; }

        public long seed() { return seed; }

        public int budget() { return budget; }

        /** Trials of this run so far (replayed and new), in order. */
        public List<Trial> trials() { return List.copyOf(trials); }

        /** The fidelity of this evaluation's screens; null when it does not screen. */
        public Trial.Fidelity screenLevel() { return screenLevel; }

        /** Trials of this run (screens included). */
        public int used() { return trials.size(); }

        /** Budget spent, in full evaluations: Σ {@link Trial#cost} (= {@link #used} without screens). */
        public double spent() { return spent; }

        /** Full evaluations the budget still pays for. */
        public int remaining() { return (int) Math.floor(budget - spent + EPS); }

        /** No full evaluation left to pay for (what is left is less than one, at most a few screens' worth). */
        public boolean exhausted() { return remaining() < 1; }

        /** Whether the budget still pays for a trial of this cost. */
        public boolean affords(double cost) { return spent + cost <= budget + EPS; }

        /** Candidates asked for, duplicates included (strategies use it to stop when the space is exhausted). */
        public int requests() { return requests; }

        public int replayed() { return replayed; }

        /** Logged trials of this run beyond what it asked for (the budget was lowered since). */
        public int unreplayed() { return pending.size(); }

        /** Whether the candidate has a full-fidelity trial in this run. */
        public boolean isCached(Map<String, Double> params) { return cache.containsKey(encoding.key(params)); }

        /**
         * The full-fidelity trial of a candidate: from this run's cache, else from the log, else scored now and appended.
         *
         * @throws IllegalStateException when the budget is used up and the candidate is new
         */
        public Trial evaluate(Map<String, Double> params, int generation) {
            return trial(params, generation, false);
        }

        /**
         * The screen of a candidate (its full-fidelity trial when it has one already: that is the better number).
         *
         * @throws IllegalStateException when the evaluation does not screen, or the budget cannot pay for the screen
         */
        public Trial screen(Map<String, Double> params, int generation) {
            if (screenLevel == null) throw new IllegalStateException(algorithm + ": this evaluation does not screen");
            Trial full = cache.get(encoding.key(params));
            if (full != null) {
                requests++;
                return full;
            }
            return trial(params, generation, true);
        }

        /**
         * The full-fidelity trials of a batch of candidates, in order, as {@link #evaluate} one after the other would
         * give them (same numbers, log lines and cache); the new candidates are scored together by the batch scorer.
         *
         * @throws IllegalStateException when the batch holds more new candidates than the budget has left
         */
        public List<Trial> evaluateAll(List<Map<String, Double>> batch, int generation) {
            return evaluateBatch(batch, generation, false);
        }

        /**
         * As {@link #evaluateAll} for the candidates up to the one that uses up the budget (what a loop of
         * {@code while (!exhausted()) evaluate(next)} evaluates): the trials of that prefix of the batch.
         */
        public List<Trial> evaluateUntilExhausted(List<Map<String, Double>> batch, int generation) {
            return evaluateBatch(batch, generation, true);
        }

        private List<Trial> evaluateBatch(List<Map<String, Double>> batch, int generation, boolean stopWhenExhausted) {
            if (batchScorer == null) {   // the in-process search: exactly the one-by-one calls
                List<Trial> out = new ArrayList<>();
                for (Map<String, Double> p : batch) {
                    if (stopWhenExhausted && exhausted()) break;
                    out.add(evaluate(p, generation));
                }
                return out;
            }
            // plan: what the cache and the log answer, and which distinct candidates are new (in order); each new
            // one costs a full evaluation
            List<String> keys = new ArrayList<>();
            Map<String, Map<String, Double>> fresh = new LinkedHashMap<>();
            for (Map<String, Double> p : batch) {
                if (stopWhenExhausted && Math.floor(budget - spent - fresh.size() + EPS) < 1) break;
                String key = encoding.key(p);
                keys.add(key);
                if (cache.containsKey(key) || fresh.containsKey(key)) {
                    requests++;
                } else if (!pending.isEmpty()) {
                    evaluate(p, generation);            // replayed from the log (counts its request)
                } else {
                    if (!affords(fresh.size() + 1)) {
                        throw new IllegalStateException(algorithm + ": budget of " + budget + " evaluations is used up (spent " + spent + ")");
                    }
                    requests++;
                    fresh.put(key, p);
                }
            }
            if (!fresh.isEmpty()) {
                List<Map<String, Double>> todo = new ArrayList<>(fresh.values());
                List<BatchScorer.Scored> scores = batchScorer.scoreAll(todo);
                for (int i = 0; i < todo.size(); i++) {
                    Trial t = toTrial(todo.get(i), generation, scores.get(i), fullLevel);
                    append(t);
                    record(encoding.key(todo.get(i)), t, false);
                }
            }
            List<Trial> out = new ArrayList<>(keys.size());
            for (String k : keys) out.add(cache.get(k));
            return out;
        }

        private Trial trial(Map<String, Double> params, int generation, boolean screen) {
            requests++;
            String key = encoding.key(params), cacheKey = screen ? SCREEN_KEY + key : key;
            Trial hit = cache.get(cacheKey);
            if (hit != null) return hit;
            double cost = screen ? screenLevel.cost() : 1;
            if (!affords(cost)) {
                throw new IllegalStateException(algorithm + ": budget of " + budget + " evaluations is used up (spent " + spent + ")");
            }
            Trial t;
            boolean fromLog = !pending.isEmpty();
            if (fromLog) {
                t = pending.poll();
                String logged = encoding.key(t.params());
                if (!logged.equals(key) || t.fullFidelity() == screen) {
                    throw new LogMismatchException("trials.jsonl trial " + t.number() + " (" + algorithm + ", seed " + seed
                            + ") has params " + logged + (t.fullFidelity() ? "" : " (a screen)") + " but the search now asks for " + key
                            + (screen ? " (a screen)" : "")
                            + ": the log was written by a different experiment or version; use another --out or delete the folder");
                }
                replayed++;
            } else {
                t = score(params, generation, screen);
                append(t);
            }
            record(cacheKey, t, fromLog);
            return t;
        }

        private void append(Trial t) {
            try {
                log.append(t);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + log.file(), e);
            }
        }

        /** A trial now belongs to this run: cached, counted, paid for, announced (one place for both paths). */
        private void record(String cacheKey, Trial t, boolean fromLog) {
            cache.put(cacheKey, t);
            trials.add(t);
            spent += t.cost();
            for (Listener l : listeners) l.onTrial(t, fromLog);
        }

        private Trial score(Map<String, Double> params, int generation, boolean screen) {
            // null level without screening: older logs' form
            return toTrial(params, generation, BatchScorer.scoreOne(screen ? screener : scorer, params), screen ? screenLevel : fullLevel);
        }

        /** A scored candidate as the trial the log gets next (numbered now: the log's order is the numbers' order). */
        private Trial toTrial(Map<String, Double> params, int generation, BatchScorer.Scored result, Trial.Fidelity level) {
            Score s = result.score();
            String started = result.startedAt(), completed = result.completedAt();
            scoringSeconds += result.seconds();
            scored++;
            int number = nextNumber++;
            Map<String, Double> ordered = new LinkedHashMap<>(params);
            if (s.ok()) {
                Map<String, Double> values;
                try {
                    values = objectives.select(s.metrics());
                } catch (IllegalArgumentException e) {
                    s = Score.failed(e.getMessage(), s.oracleSeconds(), s.dseSeconds());
                    values = null;
                }
                if (values != null && values.values().stream().allMatch(Double::isFinite)) {
                    return new Trial(number, algorithm, seed, generation, TrialState.COMPLETE, ordered, values, ordered(s.constraints()),
                            s.layers(), s.design(), started, completed, s.oracleSeconds(), s.dseSeconds(), null, level);
                }
                if (values != null) s = Score.failed("non-finite objective values " + values, s.oracleSeconds(), s.dseSeconds());
            }
            return new Trial(number, algorithm, seed, generation, TrialState.FAIL, ordered, null, null, s.layers(), s.design(),
                    started, completed, s.oracleSeconds(), s.dseSeconds(), s.error(), level);
        }
    }
}
