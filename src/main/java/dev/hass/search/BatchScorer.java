package dev.hass.search;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores a batch of candidates (a generation, a chunk of a baseline's sweep, greedy's two moves) and returns one
 * result per candidate, in the candidate order. The evaluation turns them into trials and appends them in that
 * order, so how a batch is scored (in this process, or by many workers in any order) never shows in the log
 * beyond its timing fields. A batch scorer does not throw for a candidate: a failure is a failed {@link Score}.
 */
public interface BatchScorer {
    List<Scored> scoreAll(List<Map<String, Double>> candidates);

    /**
     * One candidate's score and when it was scored.
     *
     * @param startedAt   naive local timestamp as in the trial log
     * @param completedAt naive local timestamp as in the trial log
     * @param seconds     wall seconds of the scoring (oracle + DSE)
     */
    record Scored(Score score, String startedAt, String completedAt, double seconds) {}

    /** Today's behaviour: one candidate after the other in this process. */
    static BatchScorer sequential(Scorer scorer) {
        return candidates -> {
            List<Scored> out = new ArrayList<>(candidates.size());
            for (Map<String, Double> c : candidates) out.add(scoreOne(scorer, c));
            return out;
        };
    }

    /**
     * Scores one candidate, turning anything the scorer throws into a failed score with the exception's class and
     * message: the one rule, so that a candidate fails with the same error in this process and in a worker.
     */
    static Scored scoreOne(Scorer scorer, Map<String, Double> params) {
        String started = LocalDateTime.now().format(HassEvaluation.TIME);
        long t0 = System.nanoTime();
        Score s;
        try {
            s = scorer.score(params);
        } catch (Exception | LinkageError e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            s = Score.failed(msg, (System.nanoTime() - t0) / 1e9, 0);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Scored(s, started, LocalDateTime.now().format(HassEvaluation.TIME), secs);
    }
}
