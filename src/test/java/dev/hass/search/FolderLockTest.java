package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.cli.CliHarness;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per results folder: real child JVMs, a real OS lock, kill -9 of the holder. */
class FolderLockTest {
    @TempDir Path tmp;

    static Process child(Path out, long sleepMillis, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xshare:auto",
                AnalyticScorer.class.getName(), out.toString(), "all", "8", "7", Long.toString(sleepMillis))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Waits until the child has the lock (its pid is in the lock file). */
    static void awaitHolder(Process p, Path dir) throws Exception {
        Path lock = dir.resolve(FolderLock.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(lock) && Files.readString(lock).startsWith(p.pid() + "@")) return;
            Thread.sleep(5);
        }
        throw new AssertionError("the child never took the lock");
    }

    @Tag("slow")   // child JVMs
    @Test
    void twoSearchesOnOneFolderOneCompletesTheOtherIsRefusedAtOnceNamingTheHolder() throws Exception {
        Path dir = tmp.resolve("shared");
        Process first = child(dir, 40, tmp.resolve("first.log"));
        awaitHolder(first, dir);
        long t0 = System.nanoTime();
        Process second = child(dir, 0, tmp.resolve("second.log"));
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String secondLog = Files.readString(tmp.resolve("second.log"));
        assertEquals(2, second.exitValue(), secondLog);
        assertTrue(first.isAlive(), "the refusal must come while the holder runs (took " + seconds + " s)");
        assertTrue(secondLog.contains("in use by another search (" + first.pid() + "@"), secondLog);
        assertTrue(first.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("first.log")));

        List<Trial> trials = TrialLog.read(dir.resolve(TrialLog.FILE));
        Set<Integer> numbers = new HashSet<>();
        for (Trial t : trials) assertTrue(numbers.add(t.number()), "trial number " + t.number() + " twice");
        SearchRunnerTest.assertResumeInvariants(trials, Map.of("dense", 1, "nsga2", 8, "uniform", 8, "random", 8));
    }

    @Tag("slow")   // child JVMs
    @Test
    void aLockLeftByAKilledProcessDoesNotBlock() throws Exception {
        Path dir = tmp.resolve("killed");
        Process p = child(dir, 40, tmp.resolve("child.log"));
        awaitHolder(p, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (KillResumeTest.lines(dir.resolve(TrialLog.FILE)) < 3 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no close
        p.waitFor();
        // the lock file still names the dead holder; the kernel released its lock
        assertTrue(Files.readString(dir.resolve(FolderLock.FILE)).startsWith(p.pid() + "@"));
        SearchSummary s = AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "all", 8, 7), 0).run();
        assertTrue(s.replayedTrials() > 0, "the killed run's trials are kept");
        Path reference = tmp.resolve("reference");
        AnalyticScorer.runner(AnalyticScorer.experiment(reference.toString(), "all", 8, 7), 0).run();
        SearchRunnerTest.assertSameLog(SearchRunnerTest.untimed(reference.resolve(TrialLog.FILE)),
                SearchRunnerTest.untimed(dir.resolve(TrialLog.FILE)), "after the kill");
        SearchRunnerTest.assertResumeInvariants(TrialLog.read(dir.resolve(TrialLog.FILE)),
                Map.of("dense", 1, "nsga2", 8, "uniform", 8, "random", 8));
        assertEquals("", Files.readString(dir.resolve(FolderLock.FILE)), "released: the file names no holder");
    }

    @Tag("slow")   // child JVMs
    @Test
    void theCliRefusesABusyFolderWithExit2BeforeAnySetup() throws Exception {
        Path dir = tmp.resolve("busy");
        Process holder = child(dir, 200, tmp.resolve("holder.log"));
        try {
            awaitHolder(holder, dir);
            Path exp = tmp.resolve("e.json");
            // no checkpoint there: without the lock check first, the CLI would start training
            Files.writeString(exp, "{\"name\":\"analytic\",\"model\":{\"architecture\":\"lenet5\",\"checkpoint\":\"target/no-such-checkpoint\"}}");
            CliHarness.Result r = CliHarness.run("search", exp.toString(), "--out", dir.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("in use by another search (" + holder.pid() + "@"), r.err());
            assertTrue(r.err().contains("another --out"), r.err());
            assertTrue(!r.err().contains("Exception"), r.err());
            // refused before any setup: nothing was trained (a wall-clock limit said the same, but failed on a loaded machine)
            assertTrue(!r.err().contains("training") && !Files.exists(Path.of("target/no-such-checkpoint")), r.err());
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    void theCliRefusesAResumeWithAnotherSeedWithExit2() throws Exception {
        Path dir = tmp.resolve("seeded");
        AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 4, 7), 0).run();
        byte[] experiment = Files.readAllBytes(dir.resolve("experiment.json"));
        Path exp = tmp.resolve("e.json");
        Files.writeString(exp, "{\"name\":\"analytic\",\"model\":{\"architecture\":\"lenet5\",\"checkpoint\":\"target/no-such-checkpoint\"}}");
        CliHarness.Result r = CliHarness.run("search", exp.toString(), "--out", dir.toString(), "--seed", "8");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("seed 8 would mix two runs in one log. Resume with --seed 7, or start a new folder: --out " + dir + "-seed8"),
                r.err());
        assertTrue(java.util.Arrays.equals(experiment, Files.readAllBytes(dir.resolve("experiment.json"))));
    }

    @Test
    void anotherThreadOfThisProcessIsRefusedTheHolderMayReenter() throws Exception {
        Path dir = tmp.resolve("threads");
        try (FolderLock a = FolderLock.acquire(dir); FolderLock again = FolderLock.acquire(dir)) {
            assertEquals(a, again);
            ResultsFolderException x = CompletableFuture.supplyAsync(() ->
                    assertThrows(ResultsFolderException.class, () -> FolderLock.acquire(dir))).get();
            assertTrue(x.getMessage().contains(ProcessHandle.current().pid() + "@"), x.getMessage());
        }
        // released: another thread may take it now
        CompletableFuture.runAsync(() -> FolderLock.acquire(dir).close()).get();
    }

    @Test
    void anUnwritableFolderIsRefusedWithASentence() throws IOException {
        ResultsFolderException x = assertThrows(ResultsFolderException.class, () -> FolderLock.acquire(Path.of("/proc/hass-x")));
        assertTrue(x.getMessage().startsWith("/proc/hass-x: cannot create the results folder"), x.getMessage());
        Path file = tmp.resolve("a-file");
        java.nio.file.Files.writeString(file, "x");
        x = assertThrows(ResultsFolderException.class, () -> FolderLock.acquire(file));
        assertEquals(file + ": is a file, not a results folder; choose a folder with --out", x.getMessage());
    }
}
