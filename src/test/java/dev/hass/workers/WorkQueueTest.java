package dev.hass.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.experiment.Experiment;
import dev.hass.search.AnalyticScorer;
import dev.hass.search.HassEvaluation;
import dev.hass.study.Objectives;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work queue with real {@link Worker} loops (threads of this JVM, or worker processes that a test kills) scoring
 * the analytic test function (NOT an oracle: the machinery is under test; {@code WorkersSearchIT} runs the real
 * model). Every search here is compared with the same search scored in one process.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)   // a queue nobody answers waits forever: fail instead
class WorkQueueTest {
    static final int LEASE = 2;
    @TempDir Path tmp;

    /** The log without its timing fields: what must not depend on how many workers scored it. */
    static List<String> untimed(Path log) throws IOException {
        return TrialLog.read(log).stream().map(t -> new Trial(t.number(), t.algorithm(), t.seed(), t.generation(), t.state(),
                t.params(), t.values(), t.constraints(), t.layers(), t.design(), null, null, 0, 0, t.error()))
                .map(TrialLog::toJson).toList();
    }

    static void assertSameLog(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), what + ": number of trials");
    }

    /** Every algorithm has exactly its budget, numbers are consecutive, no candidate was logged twice. */
    static void assertExactBudgets(List<Trial> trials, Map<String, Integer> budgets) {
        for (int i = 0; i < trials.size(); i++) assertEquals(i, trials.get(i).number(), "numbers are consecutive");
        Map<String, List<Trial>> byAlg = trials.stream().collect(Collectors.groupingBy(Trial::algorithm));
        for (var e : budgets.entrySet()) assertEquals(e.getValue(), byAlg.getOrDefault(e.getKey(), List.of()).size(), e.getKey());
        for (var e : byAlg.entrySet()) {
            Set<Map<String, Double>> seen = new HashSet<>();
            for (Trial t : e.getValue()) assertTrue(seen.add(t.params()), "repeated candidate in " + e.getKey() + ": " + t.params());
        }
    }

    /** Starts {@code n} worker threads on the folder; they stop when the coordinator writes work/done. */
    static List<Thread> threads(Path dir, Experiment e, int n, long sleepMillis) {
        List<Thread> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String name = "worker-" + k;
            Thread t = new Thread(() -> {
                try {
                    Worker w = new Worker(dir, name, s -> { });
                    w.awaitQueue(() -> false, java.time.Duration.ofDays(1));
                    w.run(AnalyticScorer.scorer(e, sleepMillis), () -> false);
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }, name);
            t.start();
            out.add(t);
        }
        return out;
    }

    @Test
    void theTrialLogIsTheSameForOneTwoAndThreeWorkersAsInOneProcess() throws Exception {
        Experiment ref = AnalyticScorer.experiment(tmp.resolve("in-process").toString(), "all", 12, 7);
        AnalyticScorer.runner(ref, 0).run();
        List<String> expected = untimed(ref.outputDir().resolve(TrialLog.FILE));
        assertEquals(1 + 4 * 12, expected.size());
        for (int n = 1; n <= 3; n++) {
            Experiment e = AnalyticScorer.experiment(tmp.resolve("n" + n).toString(), "all", 12, 7);
            List<String> said = Collections.synchronizedList(new ArrayList<>());
            List<Thread> workers;
            try (WorkQueue q = new WorkQueue(e.outputDir(), e, LEASE, null, said::add)) {
                workers = threads(e.outputDir(), e, n, 0);
                AnalyticScorer.runner(e, 0).batchScorer(q).run();
            }
            for (Thread t : workers) t.join(10_000);
            assertTrue(workers.stream().noneMatch(Thread::isAlive), "the workers stop when the coordinator is done");
            assertSameLog(expected, untimed(e.outputDir().resolve(TrialLog.FILE)), n + " worker(s)");
            // the analytic function fails one candidate of this search: issued once more, then its FAIL trial (as in one process)
            assertTrue(said.stream().allMatch(m -> m.contains("a failing candidate") && m.contains("issued once more")), said.toString());
        }
    }

    /**
     * Start-up order under Slurm: a worker may start before its coordinator, in a folder where an earlier run left its
     * queue and done marker. It waits (the old marker names another queue), then serves the new coordinator.
     */
    @Test
    void aWorkerThatStartsBeforeItsCoordinatorWaitsAndAnEarlierRunsDoneMarkerDoesNotStopIt() throws Exception {
        Experiment ref = AnalyticScorer.experiment(tmp.resolve("in-process").toString(), "nsga2", 8, 3);
        AnalyticScorer.runner(ref, 0).run();
        Experiment e = AnalyticScorer.experiment(tmp.resolve("early").toString(), "nsga2", 8, 3);
        String earlier;
        try (WorkQueue old = new WorkQueue(e.outputDir(), e, LEASE, null, s -> { })) {
            earlier = old.id();
        }
        Path done = e.outputDir().resolve("work/done");
        assertEquals(earlier, Files.readString(done).strip(), "the done marker names its queue");

        Worker w = new Worker(e.outputDir(), "early-1", "early-1", s -> { });
        List<Worker.Ending> ending = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> {
            try {
                Worker.Queue q = w.awaitQueue(() -> false, java.time.Duration.ofSeconds(60));
                ending.add(w.serve(AnalyticScorer.scorer(e, 0), q, () -> false));
            } catch (Exception x) {
                throw new IllegalStateException(x);
            } finally {
                w.exited();
            }
        });
        t.start();
        Thread.sleep(500);
        assertTrue(t.isAlive(), "the earlier run's done marker must not stop a new worker");
        List<WorkerStatus> waiting = WorkerStatus.read(e.outputDir());
        assertEquals(1, waiting.size(), waiting.toString());
        assertEquals(WorkerStatus.IDLE, waiting.get(0).state(), waiting.toString());
        assertTrue(waiting.get(0).detail().contains("waiting for the coordinator's queue"), waiting.toString());

        try (WorkQueue q = new WorkQueue(e.outputDir(), e, LEASE, null, s -> { })) {
            AnalyticScorer.runner(e, 0).batchScorer(q).run();
        }
        t.join(10_000);
        assertEquals(List.of(Worker.Ending.DONE), ending);
        assertSameLog(untimed(ref.outputDir().resolve(TrialLog.FILE)), untimed(e.outputDir().resolve(TrialLog.FILE)), "early worker");
        List<WorkerStatus> after = WorkerStatus.read(e.outputDir());
        assertEquals(WorkerStatus.GONE, after.get(0).state(), after.toString());
        assertEquals(8, after.get(0).scored(), "the one worker scored every candidate of the budget, none twice");
    }

    /**
     * A worker gives up cleanly when no live queue appears within its wait; a queue whose coordinator stopped renewing it
     * (killed) is not live; a coordinator replaced by another ends the worker's service of the old queue.
     */
    @Test
    void aWorkerWaitsOnlyForALiveQueueAndNoticesItsCoordinatorGoing() throws Exception {
        Experiment e = AnalyticScorer.experiment(tmp.resolve("gone").toString(), "random", 4, 1);
        Worker w = new Worker(e.outputDir(), "w", "w", s -> { });
        long t0 = System.nanoTime();
        assertEquals(null, w.awaitQueue(() -> false, java.time.Duration.ofMillis(300)), "nothing published");
        assertTrue(System.nanoTime() - t0 >= 300_000_000L, "it waited its time");

        Path work = e.outputDir().resolve("work");
        Files.createDirectories(work);
        Path queue = work.resolve("queue.json");
        Files.writeString(queue, WorkFiles.json(new WorkFiles.Queue("killed", LEASE, "1@elsewhere")));
        Files.setLastModifiedTime(queue, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_000L * LEASE));
        assertEquals(null, w.awaitQueue(() -> false, java.time.Duration.ofMillis(300)), "a coordinator silent for longer than the lease");

        try (WorkQueue q = new WorkQueue(e.outputDir(), e, LEASE, null, s -> { })) {
            Worker.Queue joined = w.awaitQueue(() -> false, java.time.Duration.ofSeconds(5));
            assertEquals(q.id(), joined.id());
            // another coordinator takes the folder over: the worker stops serving the old queue (and would join the new one)
            Files.writeString(queue, WorkFiles.json(new WorkFiles.Queue("newer", LEASE, "2@elsewhere")));
            assertEquals(Worker.Ending.COORDINATOR_GONE, w.serve(AnalyticScorer.scorer(e, 0), joined, () -> false));
        }
        w.exited();
        assertEquals(WorkerStatus.GONE, WorkerStatus.read(e.outputDir()).get(0).state());
    }

    @Test
    void aCandidateThatAlwaysFailsIsOneFailTrialWithItsErrorAndTheBatchGoesOn() throws Exception {
        Experiment e = AnalyticScorer.experiment(tmp.resolve("f").toString(), "random", 5, 1);
        var enc = e.space().encoding(dev.hass.experiment.Architectures.spaceLayers("lenet5"));
        Map<String, Double> bad = new LinkedHashMap<>(enc.uniform(0.1, 0.1));
        bad.put("tw.fc3", 0.299);   // the analytic function throws for this one
        List<Map<String, Double>> batch = List.of(enc.uniform(0.05, 0.1), bad, enc.uniform(0.06, 0.1));

        List<String> expected = evaluate(e, tmp.resolve("one.jsonl"), batch, null);
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers;
        List<String> actual;
        try (WorkQueue q = new WorkQueue(e.outputDir(), e, LEASE, null, said::add)) {
            workers = threads(e.outputDir(), e, 2, 0);
            actual = evaluate(e, tmp.resolve("two.jsonl"), batch, q);
        }
        for (Thread t : workers) t.join(10_000);
        assertEquals(expected, actual);
        List<Trial> logged = TrialLog.read(tmp.resolve("two.jsonl"));
        assertEquals(List.of(TrialState.COMPLETE, TrialState.FAIL, TrialState.COMPLETE), logged.stream().map(Trial::state).toList());
        assertTrue(logged.get(1).error().contains("a failing candidate"), logged.get(1).error());
        assertEquals(1, said.size(), "tried twice, re-issued once: " + said);
        assertTrue(said.get(0).contains("a failing candidate") && said.get(0).contains("issued once more"), said.get(0));
    }

    private static List<String> evaluate(Experiment e, Path log, List<Map<String, Double>> batch, WorkQueue q) throws IOException {
        var enc = e.space().encoding(dev.hass.experiment.Architectures.spaceLayers("lenet5"));
        try (TrialLog l = TrialLog.open(log)) {
            HassEvaluation eval = new HassEvaluation(enc, new Objectives(e.objectives()), AnalyticScorer.scorer(e, 0), l, List.of());
            if (q != null) eval.batchScorer(q);
            List<Trial> trials = eval.run("random", 1, 5).evaluateAll(batch, 0);
            assertEquals(3, trials.size());
        }
        return untimed(log);
    }

    @Test
    @Tag("slow")   // worker JVMs
    void aWorkerKilledWhileItHoldsACandidateLosesNothing() throws Exception {
        Experiment ref = AnalyticScorer.experiment(tmp.resolve("in-process").toString(), "nsga2", 16, 3);
        AnalyticScorer.runner(ref, 0).run();
        List<String> expected = untimed(ref.outputDir().resolve(TrialLog.FILE));

        Experiment e = AnalyticScorer.experiment(tmp.resolve("killed").toString(), "nsga2", 16, 3);
        Path dir = e.outputDir();
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        List<Process> workers = new ArrayList<>();
        Map<String, Process> byHolder = new HashMap<>();
        try (WorkQueue q = new WorkQueue(dir, e, LEASE, () -> workers.stream().anyMatch(Process::isAlive), said::add)) {
            for (int k = 0; k < 2; k++) {
                List<String> cmd = new ArrayList<>(AnalyticWorker.launcher(150));
                cmd.addAll(List.of("worker", dir.toString()));
                Process p = new ProcessBuilder(cmd)
                        .redirectErrorStream(true).redirectOutput(tmp.resolve("worker-" + k + ".log").toFile()).start();
                workers.add(p);
                byHolder.put(Long.toString(p.pid()), p);
            }
            Thread killer = new Thread(() -> killOneHoldingALease(dir, byHolder));
            killer.start();
            AnalyticScorer.runner(e, 0).batchScorer(q).run();
            killer.join();
        }
        for (Process p : workers) assertTrue(p.waitFor(10, TimeUnit.SECONDS), "a worker did not stop after work/done");
        assertEquals(1, workers.stream().filter(p -> p.exitValue() != 0).count(), "one worker was killed, the other finished");
        assertTrue(said.stream().anyMatch(s -> s.contains("stopped renewing its lease") && s.contains("issued again")), said.toString());
        assertSameLog(expected, untimed(dir.resolve(TrialLog.FILE)), "with a worker killed");
        assertExactBudgets(TrialLog.read(dir.resolve(TrialLog.FILE)), Map.of("dense", 1, "nsga2", 16));
    }

    @Test
    @Tag("slow")   // a coordinator JVM with worker JVMs, twice
    void aCoordinatorKilledMidRunResumesFromTheLogWithExactlyItsBudget() throws Exception {
        Experiment ref = AnalyticCoordinator.experiment(tmp.resolve("in-process").toString());
        AnalyticScorer.runner(ref, 0).run();
        List<String> expected = untimed(ref.outputDir().resolve(TrialLog.FILE));

        Path dir = tmp.resolve("coordinated");
        Path log = dir.resolve(TrialLog.FILE);
        Process first = coordinator(dir, "first");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(log) < 12 && first.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(first.isAlive(), "the coordinator finished before the kill; see " + tmp.resolve("first.log"));
        List<ProcessHandle> itsWorkers = first.descendants().toList();
        assertEquals(2, itsWorkers.size(), "two local workers");
        first.destroyForcibly();
        first.waitFor();
        assertTrue(lines(log) < expected.size(), "killed mid-run");
        for (ProcessHandle w : itsWorkers) w.onExit().get(10, TimeUnit.SECONDS);   // --until-pid: no orphans

        Process again = coordinator(dir, "again");
        assertTrue(again.waitFor(60, TimeUnit.SECONDS), "the resumed coordinator did not finish");
        assertEquals(0, again.exitValue(), Files.readString(tmp.resolve("again.log")));
        assertSameLog(expected, untimed(log), "resumed after a kill");
        assertExactBudgets(TrialLog.read(log), Map.of("dense", 1, "nsga2", 10, "uniform", 10, "greedy", 10, "random", 10));
    }

    private Process coordinator(Path dir, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xshare:auto",
                AnalyticCoordinator.class.getName(), dir.toString(), "2", "60")
                .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
    }

    private static long lines(Path f) throws IOException {
        if (!Files.exists(f)) return 0;
        return Files.readString(f).chars().filter(c -> c == '\n').count();
    }

    /** Waits until a worker process holds a lease in the second batch or later, then kills it (SIGKILL). */
    private static void killOneHoldingALease(Path dir, Map<String, Process> byHolder) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path work = WorkQueue.folder(dir);
        while (System.nanoTime() < deadline) {
            try (var batches = Files.list(work)) {
                for (Path b : batches.filter(p -> p.getFileName().toString().matches("b0000(0[2-9]|[1-9]\\d)")).toList()) {
                    try (var files = Files.list(b)) {
                        for (Path lease : files.filter(f -> f.toString().endsWith(".lease")).toList()) {
                            String holder = Files.readString(lease).strip();
                            Process p = byHolder.get(holder.split("@")[0]);
                            if (p != null && !holder.isEmpty()) {
                                p.destroyForcibly();
                                return;
                            }
                        }
                    }
                }
            } catch (IOException x) {
                // a batch finished while we looked: look again
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException x) {
                return;
            }
        }
    }
}
