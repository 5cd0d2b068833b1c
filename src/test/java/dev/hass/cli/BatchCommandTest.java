package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hass.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit and batch without a cluster: dry runs, local runs of real (small) task processes, bad input. */
class BatchCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An experiment file whose checkpoint folder exists (its content is the search's business, not the batch's). */
    static Path experiment(Path dir, String name, String platform) throws IOException {
        Path ckpt = Files.createDirectories(dir.resolve("ckpt-" + name));
        Files.writeString(ckpt.resolve("metadata.json"), "{\"architecture\": \"lenet5\"}");
        return experiment(dir, name, platform, ckpt);
    }

    static Path experiment(Path dir, String name, String platform, Path checkpoint) throws IOException {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, "{\"name\":\"" + name + "\",\"model\":{\"architecture\":\"lenet5\",\"checkpoint\":\""
                + checkpoint + "\"},\"hardware\":{\"platform\":\"" + platform + "\"},\"search\":{\"seed\":1}}");
        return f;
    }

    static Path script(Path dir, String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    static List<Path> listing(Path root) throws IOException {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.toList();
        }
    }

    @Test
    void dryRunWritesTheWholeBatchAndSubmitsNothing(@TempDir Path tmp) throws IOException {
        Path a = experiment(tmp, "exp-a", "u250"), b = experiment(tmp, "exp-b", "zcu102");
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", "--dry-run", a.toString(), b.toString(), "--seeds", "1-2",
                "--boards", "u250,zcu102", "--max-parallel", "3", "--cpus-per-task", "1", "--time", "00:05:00",
                "--evaluations", "48", "--batches-dir", root.toString(), "--id", "b1");
        assertEquals(0, r.code(), r.err());
        Path dir = root.resolve("b1");
        assertEquals(List.of(dir), listing(root), "only the batch folder, no temp folder left");
        JsonNode m = JSON.readTree(dir.resolve("tasks.json").toFile());
        assertEquals(1, m.get("format").asInt());
        assertEquals(8, m.get("tasks").size(), "2 experiments × 2 boards × 2 seeds");
        for (JsonNode t : m.get("tasks")) assertTrue(Files.isDirectory(dir.resolve(t.get("dir").asText())), t.toString());
        assertEquals("dry-run", m.get("submissions").get(0).get("mode").asText());
        String array = Files.readString(dir.resolve("array.sbatch"));
        assertTrue(array.contains("#SBATCH --array=0-7%3") && array.contains("#SBATCH --time=00:05:00")
                && array.contains("#SBATCH --cpus-per-task=1"), array);
        assertTrue(Files.readString(dir.resolve("collector.sbatch")).contains(" batch collect '" + dir + "'"));
        String wrapper = Files.readString(dir.resolve("run-task.sh"));
        assertTrue(wrapper.contains("'--seed' '2' '--platform' 'zcu102'") && wrapper.contains("'--evaluations' '48'"), wrapper);
        assertTrue(r.out().contains("sbatch --parsable --array=0-7%3") && r.out().contains("--dependency=afterok:"), r.out());

        Result st = CliHarness.run("batch", "status", dir.toString());
        assertEquals(0, st.code(), st.err());
        assertTrue(st.out().contains("MISSING 8") && st.out().contains("dry run"), st.out());
    }

    /** One search on many workers: a coordinator task, a worker array after it, the worker flags where they belong. */
    @Test
    void dryRunOfASearchOnWorkersWritesTheWorkerArray(@TempDir Path tmp) throws IOException {
        Path a = experiment(tmp, "exp-a", "u250");
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", "--dry-run", a.toString(), "--workers", "3", "--threads-per-worker", "2",
                "--lease-seconds", "90", "--wait-seconds", "300", "--time", "01:00:00", "--batches-dir", root.toString(), "--id", "w");
        assertEquals(0, r.code(), r.err());
        Path dir = root.resolve("w");
        JsonNode m = JSON.readTree(dir.resolve("tasks.json").toFile());
        assertEquals(1, m.get("tasks").size());
        assertEquals(3, m.get("workers").get("count").asInt());
        String workers = Files.readString(dir.resolve("workers.sbatch"));
        String results = dir.resolve(m.get("tasks").get(0).get("dir").asText()).toString();
        assertTrue(workers.contains("#SBATCH --array=0-2\n") && workers.contains("#SBATCH --cpus-per-task=2\n")
                && workers.contains("#SBATCH --time=01:00:00") && workers.contains("export OMP_NUM_THREADS=2")
                && workers.contains(" worker '" + results + "' --wait-seconds 300"), workers);
        String wrapper = Files.readString(dir.resolve("run-task.sh"));
        assertTrue(wrapper.contains("'--external-workers' '--lease-seconds' '90'"), wrapper);
        assertTrue(r.out().contains("--dependency=after:<ARRAY_ID> " + dir.resolve("workers.sbatch")), r.out());

        Result st = CliHarness.run("batch", "status", dir.toString());
        assertEquals(0, st.code(), st.err());
        assertTrue(st.out().contains("workers of task 0: 3 asked, 2 thread(s) each, lease 90 s"), st.out());
    }

    @Test
    void workerOptionsOutsideOneSlurmSearchAreUsageErrors(@TempDir Path tmp) throws IOException {
        Path a = experiment(tmp, "exp-a", "u250");
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--slurm", "--dry-run", a.toString(), "--seeds", "1-2", "--workers", "2",
                "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--workers: one search on many workers takes one experiment, one seed and one board")
                && r.err().contains("make 2 searches"), r.err());
        r = CliHarness.run("submit", "--local", a.toString(), "--workers", "2", "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("hass search EXPERIMENT.json --workers N"), r.err());
        r = CliHarness.run("submit", "--slurm", "--dry-run", a.toString(), "--lease-seconds", "30", "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("go with --workers N"), r.err());
        r = CliHarness.run("submit", "--slurm", "--dry-run", a.toString(), "--workers", "0", "--threads-per-worker", "0",
                "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--workers: 0; allowed: ≥ 1") && r.err().contains("--threads-per-worker: 0; allowed: ≥ 1"), r.err());
        assertEquals(List.of(), listing(root), "nothing written");
    }

    @Test
    void unknownExperimentIsAUsageErrorAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path good = experiment(tmp, "exp-a", "u250");
        Path bad = tmp.resolve("nope.json");
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--local", good.toString(), bad.toString(), "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(bad + ": no such experiment file"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(List.of(), listing(root));
    }

    @Test
    void duplicateNamesAndBadFlagsAreNamedOneLineEach(@TempDir Path tmp) throws IOException {
        Path a = experiment(tmp, "same", "u250");
        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Path a2 = experiment(sub, "same", "u250");
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--dry-run", a.toString(), a2.toString(), "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("$.name 'same'") && r.err().contains("distinct names"), r.err());
        r = CliHarness.run("submit", "--dry-run", a.toString(), "--time", "soon", "--cpus-per-task", "0", "--mem", "lots",
                "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--time: 'soon'") && r.err().contains("--cpus-per-task: 0") && r.err().contains("--mem: 'lots'"), r.err());
        r = CliHarness.run("submit", "--dry-run", a.toString(), "--boards", "u250,zcu999", "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("zcu999") && r.err().contains("--boards zcu999") && r.err().contains(a.toString()), r.err());
        Files.writeString(a2, "{\"name\": \"x\", \"model\": {\"architecture\": \"lenet5\"}, \"serch\": {}}");
        r = CliHarness.run("submit", "--dry-run", a2.toString(), "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(a2.toString()) && r.err().contains("serch"), "the search's own validation: " + r.err());
        r = CliHarness.run("submit", "--dry-run", a.toString(), "--seeds", "3-1", "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--seeds") && r.err().contains("3-1"), r.err());
        assertEquals(List.of(), listing(root));
    }

    /** Tasks sharing a missing checkpoint would each train it at once: refused, with the fix named. */
    @Test
    void aMissingCheckpointSharedByTasksIsRefused(@TempDir Path tmp) throws IOException {
        Path none = tmp.resolve("no-model-yet");
        Path a = experiment(tmp, "exp-a", "u250", none);
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--local", a.toString(), "--seeds", "1-2", "--batches-dir", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no checkpoint at " + none) && r.err().contains("2 tasks")
                && r.err().contains("bin/hass train " + a), r.err());
        assertEquals(List.of(), listing(root));
        r = CliHarness.run("submit", "--dry-run", a.toString(), "--seeds", "1-2", "--batches-dir", root.toString(), "--id", "d");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warning: ") && r.out().contains("no checkpoint"), r.out());
        r = CliHarness.run("submit", "--dry-run", a.toString(), "--batches-dir", root.toString(), "--id", "one");
        assertFalse(r.out().contains("warning"), "one task trains its own model: " + r.out());
    }

    @Test
    void missingSbatchSaysSoAndSuggestsLocal(@TempDir Path tmp) throws IOException {
        Path a = experiment(tmp, "exp-a", "u250");
        Path root = tmp.resolve("batches");
        Path emptyBin = Files.createDirectories(tmp.resolve("no-slurm-here"));
        String before = System.getProperty("hass.slurm.path");
        System.setProperty("hass.slurm.path", emptyBin.toString());
        try {
            Result r = CliHarness.run("submit", "--slurm", a.toString(), "--batches-dir", root.toString());
            assertEquals(2, r.code());
            assertTrue(r.err().contains("sbatch not found") && r.err().contains("--local"), r.err());
            assertEquals(List.of(), listing(root));
        } finally {
            if (before == null) System.clearProperty("hass.slurm.path");
            else System.setProperty("hass.slurm.path", before);
        }
    }

    @Test
    void aBatchFolderOfAnotherFormatIsRefused(@TempDir Path tmp) throws IOException {
        Path a = experiment(tmp, "exp-a", "u250");
        Path root = tmp.resolve("batches");
        assertEquals(0, CliHarness.run("submit", "--dry-run", a.toString(), "--batches-dir", root.toString(), "--id", "old").code());
        Path manifest = root.resolve("old/tasks.json");
        ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
        m.put("format", 99);
        Files.writeString(manifest, m.toString());
        for (String sub : List.of("status", "collect", "retry", "cancel")) {
            Result r = CliHarness.run("batch", sub, root.resolve("old").toString());
            assertEquals(2, r.code(), sub);
            assertTrue(r.err().contains(manifest.toString()) && r.err().contains("format is 99")
                    && r.err().contains("reads only batch format 1"), r.err());
        }
        Result r = CliHarness.run("batch", "status", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a batch folder"), r.err());
    }

    /**
     * A local batch of real processes through the generated wrapper: the task for seed 2 exits 3 while a
     * marker file exists; retry reruns only it. At most --max-parallel tasks overlap.
     */
    @Tag("slow")   // bash task processes, four of them sleeping
    @Test
    void localRunRecordsFailuresAndRetryRerunsOnlyThem(@TempDir Path tmp) throws IOException {
        Path a = experiment(tmp, "exp-a", "u250");
        Path marker = Files.writeString(tmp.resolve("fail-seed-2"), "");
        Path calls = tmp.resolve("calls.log");
        // args: search EXP --seed S --platform B --out DIR
        Path task = script(tmp, "task.sh", """
                seed=$4
                echo "start $seed $(date +%%s%%N)" >> '%s'
                sleep 0.3
                echo "end $seed $(date +%%s%%N)" >> '%s'
                if [[ $seed == 2 && -e '%s' ]]; then echo "seed 2 refuses to run" >&2; exit 3; fi
                """.formatted(calls, calls, marker));
        Path root = tmp.resolve("batches");
        Result r = CliHarness.run("submit", "--local", a.toString(), "--seeds", "1-4", "--max-parallel", "2",
                "--batches-dir", root.toString(), "--id", "loc", "--task-command", task.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        Path dir = root.resolve("loc");
        String failed = Files.readString(dir.resolve("tasks/001-exp-a-u250-s2/FAILED"));
        assertTrue(failed.startsWith("exit=3\n") && failed.contains("seed 2 refuses to run"), failed);
        assertTrue(Files.exists(dir.resolve("tasks/000-exp-a-u250-s1/DONE")));
        assertTrue(r.out().contains("task 1 (exp-a, u250, seed 2): FAILED"), r.out());
        assertTrue(maxOverlap(Files.readAllLines(calls)) <= 2, Files.readString(calls));

        Result st = CliHarness.run("batch", "status", dir.toString());
        assertTrue(st.out().contains("FAILED") && st.out().contains("seed 2 refuses to run"), st.out());
        Result c = CliHarness.run("batch", "collect", dir.toString());
        assertEquals(0, c.code(), c.err());
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.contains("task 1 (exp-a, u250, seed 2): FAILED"), md);

        Files.delete(marker);
        Files.delete(calls);
        Result rr = CliHarness.run("batch", "retry", dir.toString());
        assertEquals(List.of("start", "end"), Files.readAllLines(calls).stream().map(l -> l.split(" ")[0]).toList(),
                "only the failed task ran again");
        assertTrue(Files.readAllLines(calls).stream().allMatch(l -> l.split(" ")[1].equals("2")));
        assertTrue(Files.exists(dir.resolve("tasks/001-exp-a-u250-s2/DONE")));
        assertTrue(Files.exists(dir.resolve("tasks/001-exp-a-u250-s2/FAILED.prev")));
        assertTrue(CliHarness.run("batch", "status", dir.toString()).out().contains("COMPLETED 4"), rr.out());
    }

    /** cancel stops the processes of a local batch started elsewhere (here: another thread), for real. */
    @Tag("slow")   // bash task processes, killed
    @Test
    void cancelStopsALocalBatch(@TempDir Path tmp) throws Exception {
        Path a = experiment(tmp, "sleeper", "u250");
        Path task = script(tmp, "task.sh", "echo $$ > \"${@: -1}/pid\"\nexec sleep 600\n");
        Path root = tmp.resolve("batches");
        Path dir = root.resolve("zz");
        java.util.concurrent.CompletableFuture<Result> run = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                CliHarness.run("submit", "--local", a.toString(), "--seeds", "1-2", "--max-parallel", "2",
                        "--batches-dir", root.toString(), "--id", "zz", "--task-command", task.toString()));
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        List<Path> pidFiles = List.of(dir.resolve("tasks/000-sleeper-u250-s1/pid"), dir.resolve("tasks/001-sleeper-u250-s2/pid"));
        while (!(pidFiles.stream().allMatch(Files::exists) && CliHarness.run("batch", "status", dir.toString()).out().contains("RUNNING 2"))) {
            assertTrue(java.time.Instant.now().isBefore(deadline), "both local tasks should be running within 60 s");
            Thread.sleep(200);
        }
        List<Long> pids = new ArrayList<>();
        for (Path p : pidFiles) pids.add(Long.parseLong(Files.readString(p).strip()));
        Result c = CliHarness.run("batch", "cancel", dir.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("cancelled pid"), c.out());
        Result r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("seed 1): CANCELLED") && r.out().contains("seed 2): CANCELLED"), r.out());
        deadline = java.time.Instant.now().plusSeconds(30);
        while (pids.stream().anyMatch(BatchCommandTest::running)) {   // killed processes may linger as zombies until reaped
            assertTrue(java.time.Instant.now().isBefore(deadline), "task processes " + pids + " should be gone within 30 s");
            Thread.sleep(100);
        }
        assertTrue(CliHarness.run("batch", "status", dir.toString()).out().contains("CANCELLED 2"));
    }

    /** Alive and not a zombie (state Z in /proc/PID/stat). */
    static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static int maxOverlap(List<String> lines) {
        List<long[]> events = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(" ");
            events.add(new long[] {Long.parseLong(f[2]), f[0].equals("start") ? 1 : -1});
        }
        events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int now = 0, max = 0;
        for (long[] e : events) max = Math.max(max, now += (int) e[1]);
        return max;
    }
}
