package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hass.cli.CliHarness.Result;
import dev.hass.cluster.BatchService;
import dev.hass.cluster.BatchStatus;
import dev.hass.cluster.Slurm;
import dev.hass.cluster.TaskState;
import dev.hass.cluster.TaskStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches on a real Slurm cluster (CI: src/test/scripts/slurm-local.sh up). Skips when no controller
 * answers {@code sinfo}. Every wait polls with a deadline. Runs after {@code package}, so the collector
 * job's {@code bin/hass} finds target/hass.jar.
 */
@Tag("slow")
class SlurmBatchIT {
    static final Duration DEADLINE = Duration.ofSeconds(120);

    static Boolean clusterAnswers;

    /** Per test (not @BeforeAll) so that every skipped test is reported with the reason. */
    @BeforeEach
    void needsACluster() {
        if (clusterAnswers == null) clusterAnswers = Slurm.fromEnvironment().answers();
        Assumptions.assumeTrue(clusterAnswers, "no Slurm cluster answers sinfo: skipping the Slurm integration tests "
                + "(start one with: sudo src/test/scripts/slurm-local.sh up)");
    }

    static BatchService service() {
        return new BatchService(Slurm.fromEnvironment(), new PrintWriter(Writer.nullWriter()));
    }

    /** Polls the batch status until {@code done} holds, failing with the last status at the deadline. */
    static BatchStatus await(Path dir, String what, Predicate<BatchStatus> done) throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        BatchStatus st = service().status(dir);
        while (!done.test(st)) {
            if (Instant.now().isAfter(end)) fail("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what + ":\n" + st.render());
            Thread.sleep(250);
            st = service().status(dir);
        }
        return st;
    }

    static boolean all(BatchStatus st, TaskState s) {
        return st.tasks().stream().allMatch(t -> t.state() == s);
    }

    static boolean settled(BatchStatus st) {
        return st.tasks().stream().noneMatch(t -> t.state() == TaskState.PENDING || t.state() == TaskState.RUNNING);
    }

    /** True once the search command is on this branch; until then tasks stand in with a process that exits 0. */
    static boolean searchAvailable() {
        return Main.newCommandLine().getSubcommands().containsKey("search");
    }

    /**
     * A 2-experiment × 2-seed batch where one task really fails (exit 3): status shows it FAILED, the
     * afterok collector never runs, retry reruns only that task, then the new collector completes and the
     * batch is collected. With the search on the branch every other task is a real {@code bin/hass search}
     * with a tiny budget.
     */
    @Test
    void aFailedTaskBlocksTheCollectorAndRetryRerunsOnlyIt(@TempDir Path tmp) throws Exception {
        boolean search = searchAvailable() && SearchExperiments.datasetInstalled();
        if (!search) {
            System.err.println("SlurmBatchIT: no 'hass search' on this branch or no Fashion-MNIST: tasks that should succeed just exit 0");
        }
        List<Path> exps = search ? SearchExperiments.tiny(tmp) : List.of(
                BatchCommandTest.experiment(tmp, "exp-a", "u250"), BatchCommandTest.experiment(tmp, "exp-b", "u250"));
        Path a = exps.get(0), b = exps.get(1);
        String nameA = SearchExperiments.name(a), nameB = SearchExperiments.name(b);
        Path marker = Files.writeString(tmp.resolve("fail"), "");
        Path calls = tmp.resolve("calls.log");
        // args: search EXP --seed S --platform B --out DIR …; task 0 (experiment a, seed 1) fails while the marker
        // exists: it fails first, so the retry overlaps the tasks still running and the new collector must wait for them
        Path task = BatchCommandTest.script(tmp, "task.sh", """
                echo "$2 $4" >> '%s'
                if [[ $2 == '%s' && $4 == 1 && -e '%s' ]]; then echo "a seed 1 fails on purpose" >&2; exit 3; fi
                %s
                """.formatted(calls, a, marker, search ? "exec " + hass() + " \"$@\"" : "exit 0"));
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", a.toString(), b.toString(), "--seeds", "1-2", "--cpus-per-task", "1",
                "--max-parallel", "2", "--time", "00:10:00", "--evaluations", Integer.toString(SearchExperiments.EVALUATIONS),
                "--batches-dir", root.toString(), "--id", "flaky", "--task-command", task.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*array job \\d+ .*collector job \\d+.*"), r.out());
        Path dir = root.resolve("flaky");

        BatchStatus st = await(dir, "task 0 to fail and the afterok collector to be cancelled",
                s -> s.of(0).state() == TaskState.FAILED && "CANCELLED".equals(s.collectorState()));
        assertTrue(st.of(0).detail().contains("exit 3") && st.of(0).detail().contains("fails on purpose"), st.render());
        for (int i = 1; i < 4; i++) assertTrue(st.of(i).state() != TaskState.FAILED, st.render());
        assertFalse(Files.exists(dir.resolve("summary.csv")), "the afterok collector must not have run");
        assertTrue(CliHarness.run("batch", "status", dir.toString()).out().contains("FAILED 1"));

        Files.delete(marker);
        Result rr = CliHarness.run("batch", "retry", dir.toString());
        assertEquals(0, rr.code(), rr.err());
        assertTrue(rr.out().contains("(tasks [0])"), "only the failed task is resubmitted: " + rr.out());
        st = await(dir, "every task and the new collector", s -> all(s, TaskState.COMPLETED) && "COMPLETED".equals(s.collectorState()));
        assertEquals(List.of(a + " 1", a + " 1", a + " 2", b + " 1", b + " 2"), Files.readAllLines(calls).stream().sorted().toList(),
                "each task ran once, the failed one once more");
        assertTrue(Files.exists(dir.resolve(st.of(0).task().dir()).resolve("FAILED.prev")));
        assertTrue(Files.exists(dir.resolve("summary.csv")), "the collector job wrote the summary");
        String md = Files.readString(dir.resolve("summary.md"));
        if (search) {
            assertTrue(md.contains("| " + nameA + " | u250 | nsga2 | 2/2 |") && md.contains("| " + nameB + " | u250 | nsga2 | 2/2 |")
                    && md.contains("All 4 tasks collected."), "the collector waited for every task: " + md);
            List<String> csv = Files.readAllLines(dir.resolve("tasks.csv"));
            assertEquals(5, csv.size(), String.join("\n", csv));
            for (String row : csv.subList(1, 5)) {
                String[] f = row.split(",");
                assertEquals("nsga2", f[4], row);
                assertEquals(Integer.toString(SearchExperiments.EVALUATIONS), f[5], "evaluations of " + row);
                assertTrue(Double.parseDouble(f[7]) > 0, "the feasible dense design gives a positive hypervolume: " + row);
            }
        } else {
            assertTrue(md.contains("has no trials.jsonl") && md.contains("| exp-a | u250 | - | 0/2"), md);
        }
    }

    static String hass() {
        return "'" + Path.of("bin/hass").toAbsolutePath() + "'";
    }

    /** cancel stops running tasks for real: their processes are gone and status says CANCELLED. */
    @Test
    void cancelStopsRunningTasks(@TempDir Path tmp) throws Exception {
        Path a = BatchCommandTest.experiment(tmp, "sleeper", "u250");
        Path task = BatchCommandTest.script(tmp, "task.sh", "echo $$ > \"${@: -1}/pid\"\nexec sleep 600\n");
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", a.toString(), "--seeds", "1-2", "--cpus-per-task", "1",
                "--batches-dir", root.toString(), "--id", "sleepy", "--task-command", task.toString());
        assertEquals(0, r.code(), r.err());
        Path dir = root.resolve("sleepy");
        BatchStatus st = await(dir, "both tasks running", s -> all(s, TaskState.RUNNING)
                && s.tasks().stream().allMatch(t -> Files.exists(dir.resolve(t.task().dir()).resolve("pid"))));
        List<Long> pids = st.tasks().stream().map(t -> pid(dir.resolve(t.task().dir()).resolve("pid"))).toList();
        for (long p : pids) assertTrue(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false), "task process " + p);

        Result c = CliHarness.run("batch", "cancel", dir.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("cancelled " + st.batch().submissions().get(0).arrayJob()), c.out());
        st = await(dir, "both tasks cancelled and their processes gone", s -> all(s, TaskState.CANCELLED)
                && pids.stream().noneMatch(BatchCommandTest::running));
        assertTrue("CANCELLED".equals(st.collectorState()), st.render());
        for (TaskStatus t : st.tasks()) assertFalse(Files.exists(dir.resolve(t.task().dir()).resolve("DONE")));
    }

    /** sbatch's own complaint reaches the user, exit 2, and no batch folder is left behind. */
    @Test
    void aJobSbatchRejectsShowsItsErrorAndLeavesNothing(@TempDir Path tmp) throws IOException {
        Path a = BatchCommandTest.experiment(tmp, "exp-a", "u250");
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", a.toString(), "--partition", "no_such_partition",
                "--batches-dir", root.toString(), "--id", "rejected");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("sbatch rejected") && r.err().toLowerCase().contains("partition"), r.err());
        assertEquals(List.of(), BatchCommandTest.listing(root));
    }

    private static long pid(Path f) {
        try {
            return Long.parseLong(Files.readString(f).strip());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
