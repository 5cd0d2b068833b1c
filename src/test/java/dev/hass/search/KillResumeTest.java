package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.study.TrialLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM running a search (SIGKILL, via {@link Process#destroyForcibly()}) at several
 * points, restarts it each time, and checks the resume invariants: the final log equals an uninterrupted
 * run's (minus timings), every algorithm has exactly its budget, no candidate is scored twice.
 */
@Tag("slow")
class KillResumeTest {
    @TempDir Path tmp;

    static Process child(Path out, long sleepMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xshare:auto",
                AnalyticScorer.class.getName(), out.toString(), "all", "8", "7", Long.toString(sleepMillis))
                .redirectErrorStream(true).redirectOutput(out.resolveSibling("child.log").toFile()).start();
    }

    static long lines(Path f) throws IOException {
        if (!Files.exists(f)) return 0;
        byte[] b = Files.readAllBytes(f);
        long n = 0;
        for (byte x : b) if (x == '\n') n++;
        return n;
    }

    @Test
    void killedAtSeveralPointsTheSearchFinishesWithExactlyTheUninterruptedTrials() throws Exception {
        Path reference = tmp.resolve("reference");
        AnalyticScorer.runner(AnalyticScorer.experiment(reference.toString(), "all", 8, 7), 0).run();
        List<String> expected = SearchRunnerTest.untimed(reference.resolve("trials.jsonl"));

        Path out = tmp.resolve("killed");
        Files.createDirectories(out);
        Path log = out.resolve("trials.jsonl");
        int kills = 0;
        for (long at : new long[] {1, 8, 20}) {
            if (at >= expected.size()) break;
            Process p = child(out, 5);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(log) < at && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
            assertTrue(p.isAlive(), "the child finished before the kill at " + at + " lines; see " + out.resolveSibling("child.log"));
            p.destroyForcibly();
            p.waitFor();
            kills++;
            long now = lines(log);
            assertTrue(now >= at && now < expected.size(), "killed at " + now + " lines");
        }
        assertTrue(kills >= 3);
        Process last = child(out, 0);
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the resumed child did not finish");
        assertEquals(0, last.exitValue(), Files.readString(out.resolveSibling("child.log")));
        SearchRunnerTest.assertSameLog(expected, SearchRunnerTest.untimed(log), "after " + kills + " kills");
        SearchRunnerTest.assertResumeInvariants(TrialLog.read(log),
                Map.of("dense", 1, "nsga2", 8, "uniform", 8, "random", 8));
    }
}
