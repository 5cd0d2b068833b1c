package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.cli.CliHarness.Result;
import dev.hass.cluster.BatchStatus;
import dev.hass.cluster.Slurm;
import dev.hass.cluster.TaskState;
import dev.hass.cluster.WorkerTaskStatus;
import dev.hass.nn.TrainedLenet5;
import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One search on two workers on a real Slurm cluster (CI: src/test/scripts/slurm-local.sh up): {@code hass submit
 * --slurm --workers 2} with the real LeNet-5 oracle and DSE; one worker task is cancelled with {@code scancel} while
 * it scores a candidate. The search still completes with exactly its budget, its trial log (params, values,
 * constraints) is the in-process search's with the same seed, the lost candidate was issued again after the lease,
 * and {@code batch status} shows the cancelled worker gone. Skips when no controller answers {@code sinfo}.
 */
@Tag("slow")
class SlurmWorkersIT {
    static final int LEASE = 8, EVALUATIONS = 12;
    static final Duration DEADLINE = Duration.ofSeconds(150);

    @BeforeEach
    void needsACluster() {
        Assumptions.assumeTrue(Slurm.fromEnvironment().answers(), "no Slurm cluster answers sinfo: skipping the Slurm workers test "
                + "(start one with: sudo src/test/scripts/slurm-local.sh up)");
        Assumptions.assumeTrue(SearchExperiments.datasetInstalled(), "Fashion-MNIST not installed: the search needs it");
    }

    @Test
    void aTwoWorkerSearchSurvivesAScancelledWorkerWithTheInProcessTrialLog(@TempDir Path tmp) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path file = experiment(tmp);

        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", file.toString(), "--workers", "2", "--threads-per-worker", "1",
                "--lease-seconds", Integer.toString(LEASE), "--wait-seconds", "120", "--time", "00:10:00",
                "--batches-dir", root.toString(), "--id", "two-workers");
        assertEquals(0, r.code(), r.out() + r.err());
        Matcher m = Pattern.compile("search job (\\d+) .*workers job (\\d+) \\(2 tasks").matcher(r.out());
        assertTrue(m.find(), r.out());
        String workersJob = m.group(2);
        Path dir = root.resolve("two-workers");
        Path results = dir.resolve(SlurmBatchIT.service().status(dir).of(0).task().dir());
        try {
            // worker 1 is cancelled while it holds a candidate's lease (its heartbeat says so) of a bred generation: the
            // warm start's first candidate (no sparsity) takes a worker a tenth of a second, a bred one over a second
            String victim = workersJob + "_1";
            Path beat = results.resolve("work/workers/" + victim + ".json");
            Instant end = Instant.now().plus(DEADLINE);
            while (!scoringABredCandidate(json, beat)) {
                if (Instant.now().isAfter(end)) fail("worker " + victim + " never scored a candidate:\n" + status(dir));
                Thread.sleep(10);
            }
            assertEquals(java.util.Optional.empty(), Slurm.fromEnvironment().scancel(List.of(victim)));

            BatchStatus st = SlurmBatchIT.await(dir, "the search to complete without worker " + victim,
                    s -> s.of(0).state() == TaskState.COMPLETED && "COMPLETED".equals(s.collectorState())
                            && s.workers().stream().allMatch(w -> w.state().equals("gone")));
            String coordinator = Files.readString(results.resolve("stderr.log"));
            assertTrue(coordinator.contains("worker") && coordinator.contains("stopped renewing its lease (" + LEASE + " s)")
                    && coordinator.contains("issued again"), "the cancelled worker's candidate was issued again:\n" + coordinator);
            WorkerTaskStatus cancelled = st.workers().stream().filter(w -> w.name().equals(victim)).findFirst().orElseThrow();
            assertEquals("CANCELLED", cancelled.schedulerState(), st.render());
            assertTrue(cancelled.detail().contains("exited while scoring b00000"), "SIGTERM while scoring: " + st.render());
            WorkerTaskStatus other = st.workers().stream().filter(w -> w.name().equals(workersJob + "_0")).findFirst().orElseThrow();
            assertTrue(other.scored() > 0 && other.detail().contains("exited"), st.render());
            assertEquals(EVALUATIONS, st.workers().stream().mapToInt(WorkerTaskStatus::scored).sum(),
                    "each candidate's answer came from one worker; the cancelled one's unfinished candidate counts once:\n" + st.render());
            String shown = CliHarness.run("batch", "status", dir.toString()).out();
            assertTrue(shown.contains(victim) && shown.contains("CANCELLED") && shown.contains("2 worker(s): gone 2"), shown);

            List<Trial> trials = TrialLog.read(results.resolve(TrialLog.FILE));
            assertEquals(1 + EVALUATIONS, trials.size(), "the dense trial and exactly the budget");
            for (int i = 0; i < trials.size(); i++) assertEquals(i, trials.get(i).number(), "each trial logged once, in order");

            assertEquals(inProcess(file, tmp), WorkersSearchTest.untimed(results.resolve(TrialLog.FILE)),
                    "the same seed gives the same trial log in one process and on Slurm workers");
        } finally {
            CliHarness.run("batch", "cancel", dir.toString());   // nothing left running when an assertion failed
        }
    }

    /**
     * The coordinator's job is cancelled after the first generation: {@code batch retry} reruns it (the search resumes
     * from its log) with a new worker array, the earlier workers cancelled, and the log is the in-process one.
     */
    @Test
    void aCancelledCoordinatorResumesOnRetryWithNewWorkers(@TempDir Path tmp) throws Exception {
        Path file = experiment(tmp);
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", file.toString(), "--workers", "2", "--lease-seconds", Integer.toString(LEASE),
                "--wait-seconds", "120", "--time", "00:10:00", "--batches-dir", root.toString(), "--id", "resumed");
        assertEquals(0, r.code(), r.out() + r.err());
        Path dir = root.resolve("resumed");
        BatchStatus st = SlurmBatchIT.service().status(dir);
        Path results = dir.resolve(st.of(0).task().dir());
        String coordinator = st.batch().submissions().get(0).arrayJob() + "_0", firstWorkers = st.batch().submissions().get(0).workersJob();
        try {
            Instant end = Instant.now().plus(DEADLINE);
            while (lines(results.resolve(TrialLog.FILE)) < 5) {   // the dense trial and the first generation of 4 (of 3)
                if (Instant.now().isAfter(end)) fail("the first generation never came:\n" + status(dir));
                Thread.sleep(50);
            }
            assertEquals(java.util.Optional.empty(), Slurm.fromEnvironment().scancel(List.of(coordinator)));
            SlurmBatchIT.await(dir, "the coordinator cancelled", s -> s.of(0).state() == TaskState.CANCELLED);
            assertTrue(lines(results.resolve(TrialLog.FILE)) < 1 + EVALUATIONS, "cancelled before the end:\n" + status(dir));

            Result retry = CliHarness.run("batch", "retry", dir.toString());
            assertEquals(0, retry.code(), retry.out() + retry.err());
            assertTrue(retry.out().contains("cancelling the earlier workers [" + firstWorkers + "]"), retry.out());
            st = SlurmBatchIT.await(dir, "the resumed search to complete",
                    s -> s.of(0).state() == TaskState.COMPLETED && "COMPLETED".equals(s.collectorState()));
            String second = st.batch().submissions().get(1).workersJob();
            assertTrue(st.workers().stream().anyMatch(w -> w.name().startsWith(second + "_") && w.scored() > 0), st.render());
            assertEquals(inProcess(file, tmp), WorkersSearchTest.untimed(results.resolve(TrialLog.FILE)),
                    "a coordinator cancelled and resumed gives the log of a search that never stopped");
        } finally {
            CliHarness.run("batch", "cancel", dir.toString());
        }
    }

    /**
     * The tests' experiment: the quick start with the shared trained LeNet-5, population 4, {@link #EVALUATIONS}
     * evaluations (3 generations), no finalist fine-tuning; 2000 validation images make a candidate take a few seconds, so that a
     * scancel lands while one is being scored (the oracle warns that some were trained on: no matter here).
     */
    static Path experiment(Path tmp) throws java.io.IOException {
        ObjectNode e = (ObjectNode) new ObjectMapper().readTree(Path.of("experiments/quickstart.json").toFile());
        e.put("name", "slurm-workers");
        ((ObjectNode) e.get("model")).put("checkpoint", TrainedLenet5.checkpoint().toAbsolutePath().toString());
        ((ObjectNode) e.get("dataset")).put("validationImages", 2000);
        ((ObjectNode) e.get("search")).put("populationSize", 4).put("evaluations", EVALUATIONS);
        ((ObjectNode) e.get("oracle")).put("finalistFineTuneSteps", 0).put("evaluationImages", 2000);
        Path file = tmp.resolve("slurm-workers.json");
        Files.writeString(file, e.toPrettyString());
        return file;
    }

    private static List<String> reference;

    /** The same search in one process (once per class: both tests search the same experiment). */
    static synchronized List<String> inProcess(Path file, Path tmp) throws Exception {
        if (reference == null) {
            Path ref = tmp.resolve("in-process");
            Result in = CliHarness.run("search", file.toString(), "--out", ref.toString());
            assertEquals(0, in.code(), in.err());
            reference = WorkersSearchTest.untimed(ref.resolve(TrialLog.FILE));
        }
        return reference;
    }

    private static long lines(Path f) {
        try (var s = Files.lines(f)) {
            return s.count();
        } catch (java.io.IOException x) {
            return 0;
        }
    }

    private static boolean scoringABredCandidate(ObjectMapper json, Path beat) {
        try {
            JsonNode n = json.readTree(beat.toFile());
            return "scoring".equals(n.path("state").asText()) && !n.path("candidate").asText().startsWith("b000001/");
        } catch (java.io.IOException x) {
            return false;
        }
    }

    private static String status(Path dir) {
        return CliHarness.run("batch", "status", dir.toString()).out();
    }
}
