package dev.hass.cluster;

import dev.hass.study.AtomicFiles;
import dev.hass.study.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The batch façade the CLI calls: submit a matrix of searches (Slurm array + collector job, or locally),
 * report status, collect results, retry what failed, cancel.
 */
public final class BatchService {
    /**
     * The outcome of submit or retry.
     *
     * @param submission what was started (mode, job ids, tasks); null when there was nothing to retry
     * @param commands   the sbatch command lines (run, or with --dry-run to be run)
     * @param collected  for local runs, the collection done at the end; else null
     */
    public record Submitted(Path dir, Batch batch, Submission submission, List<String> commands, CollectResult collected) {}

    /** The outcome of cancel: job ids scancel'ed or local pids stopped, and anything worth saying. */
    public record Cancelled(List<String> stopped, List<String> notes) {}

    private final Slurm slurm;
    private final PrintWriter progress;

    public BatchService(Slurm slurm, PrintWriter progress) {
        this.slurm = slurm;
        this.progress = progress;
    }

    public Submitted submit(BatchRequest r) {
        validate(r);
        List<ExperimentInfo> experiments = ExperimentFiles.read(r.experiments(), r.boards(), r.evaluations());
        List<TaskSpec> tasks = BatchWriter.expand(experiments, r.seeds(), r.boards());
        if (r.workers() != null && tasks.size() != 1) {
            throw new BatchInputException(List.of("--workers: one search on many workers takes one experiment, one seed and one "
                    + "board, but these options make " + tasks.size() + " searches.",
                    "Drop --workers to run them as a batch of separate searches, or submit each search with --workers on its own."));
        }
        checkpointsExist(experiments, tasks, r.dryRun());
        Path hass = r.hassHome().toAbsolutePath().normalize().resolve("bin/hass");
        if (!Files.isExecutable(hass)) {
            throw new BatchInputException(hass + ": not found; run hass through bin/hass or set -Dhass.home to the project folder");
        }
        String taskCommand = null;
        if (r.taskCommand() != null) {
            Path tc = Path.of(r.taskCommand()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(tc) || !Files.isExecutable(tc)) {
                throw new BatchInputException("--task-command: " + r.taskCommand() + " is not an executable file");
            }
            taskCommand = tc.toString();
        }
        BatchRequest.Mode mode = r.mode();
        if (mode == BatchRequest.Mode.AUTO) {
            mode = slurm.hasSbatch() ? BatchRequest.Mode.SLURM : BatchRequest.Mode.LOCAL;
            if (mode == BatchRequest.Mode.LOCAL) say("no Slurm here (sbatch not on PATH): running the batch on this machine");
        }
        if (r.workers() != null && mode == BatchRequest.Mode.LOCAL) {
            throw new BatchInputException(List.of("--workers: one search on many workers is submitted to Slurm (--slurm"
                    + (slurm.hasSbatch() ? "" : "; sbatch is not on PATH here") + ").",
                    "On this machine run it as: hass search EXPERIMENT.json --workers N"));
        }
        if (mode == BatchRequest.Mode.SLURM && !r.dryRun() && !slurm.hasSbatch()) {
            throw new BatchInputException(List.of("--slurm: sbatch not found on PATH, so this machine cannot submit to Slurm.",
                    "Run the same batch here with --local, or submit from a Slurm login node."));
        }
        Path root = r.batchesRoot().toAbsolutePath().normalize();
        String id = r.id() != null ? r.id() : BatchWriter.newId(root);
        Path dir = root.resolve(id);
        Batch batch = new Batch(Batch.FORMAT, id, now(), Version.get(), hass.toString(),
                Path.of("").toAbsolutePath().toString(), taskCommand, r.evaluations(),
                r.slurm(), tasks, List.of(), r.workers());
        BatchWriter.write(dir, batch);
        List<Integer> all = BatchWriter.allIndices(batch);
        if (r.dryRun()) {
            Submission s = new Submission(Submission.DRY_RUN, null, null, all, now());
            batch = batch.withSubmission(s);
            BatchStore.write(dir, batch);
            List<String> cmds = mode == BatchRequest.Mode.SLURM ? slurmCommands(dir, batch, all, "<ARRAY_ID>")
                    : List.of("bash " + dir.resolve(BatchWriter.WRAPPER) + " INDEX   # for INDEX in 0.." + (all.size() - 1));
            return new Submitted(dir, batch, s, cmds, null);
        }
        if (mode == BatchRequest.Mode.SLURM) {
            try {
                return startSlurm(dir, batch, all, List.of());
            } catch (RuntimeException e) {
                BatchWriter.deleteTree(dir);   // nothing runs from it: leave no half-made batch behind
                throw e;
            }
        }
        return startLocal(dir, batch, all, r.slurm().maxParallel());
    }

    public BatchStatus status(Path dir) {
        return new StatusReader(slurm).read(dir.toAbsolutePath().normalize(), BatchStore.read(dir));
    }

    public CollectResult collect(Path dir) {
        return Collector.collect(status(dir));
    }

    /**
     * Starts again only the FAILED, CANCELLED and MISSING tasks (a search resumes from its trial log), with
     * a new collector. {@code mode} AUTO: where the batch last ran (Slurm if it ever did and sbatch is here).
     */
    public Submitted retry(Path dir, BatchRequest.Mode mode, Integer maxParallel) {
        BatchStatus st = status(dir);
        Path d = st.dir();
        Batch batch = st.batch();
        List<TaskSpec> todo = st.tasks().stream().filter(t -> t.state().retryable()).map(TaskStatus::task).toList();
        if (todo.isEmpty()) {
            say("nothing to retry: " + st.counts());
            return new Submitted(d, batch, null, List.of(), null);
        }
        if (mode == BatchRequest.Mode.AUTO) {
            mode = (batch.ranOnSlurm() || !lastModeIsLocal(batch) || batch.workers() != null) && slurm.hasSbatch()
                    ? BatchRequest.Mode.SLURM : BatchRequest.Mode.LOCAL;
        }
        if (batch.workers() != null && mode == BatchRequest.Mode.LOCAL) {
            throw new BatchInputException(List.of("batch " + batch.id() + " is one search on " + batch.workers().count()
                    + " Slurm workers: retry it on Slurm (sbatch on PATH), or rerun the search here with: hass search "
                    + batch.tasks().get(0).experiment() + " --out " + d.resolve(batch.tasks().get(0).dir()) + " --workers N"));
        }
        if (mode == BatchRequest.Mode.SLURM && !slurm.hasSbatch()) {
            throw new BatchInputException(List.of("--slurm: sbatch not found on PATH, so this machine cannot submit to Slurm.",
                    "Retry the batch here with --local, or from a Slurm login node."));
        }
        List<Integer> idx = todo.stream().map(TaskSpec::index).toList();
        List<Path> moved = new ArrayList<>();
        for (TaskSpec t : todo) {      // keep the old failure for reference; status must not show it any more
            try {
                Files.deleteIfExists(d.resolve(t.dir()).resolve(TaskFiles.CANCELLED));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path f = d.resolve(t.dir()).resolve(TaskFiles.FAILED);
            if (Files.exists(f)) {
                move(f, f.resolveSibling("FAILED.prev"));
                moved.add(f);
            }
        }
        say("retrying " + todo.size() + " task(s): " + idx);
        if (mode == BatchRequest.Mode.SLURM) {
            try {
                // tasks of earlier arrays still queued or running: the new collector waits for them too
                List<String> busy = st.tasks().stream()
                        .filter(t -> t.job() != null && (t.state() == TaskState.PENDING || t.state() == TaskState.RUNNING))
                        .map(t -> t.job().substring(0, t.job().indexOf('_'))).distinct().toList();
                if (batch.workers() != null) cancelOldWorkers(batch);
                return startSlurm(d, batch, idx, busy);
            } catch (RuntimeException e) {
                for (Path f : moved) move(f.resolveSibling("FAILED.prev"), f);
                throw e;
            }
        }
        return startLocal(d, batch, idx, maxParallel != null ? maxParallel : batch.slurm().maxParallel());
    }

    public Cancelled cancel(Path dir) {
        BatchStatus st = status(dir);
        Batch batch = st.batch();
        List<String> stopped = new ArrayList<>(), notes = new ArrayList<>();
        List<String> jobs = new ArrayList<>();
        for (Submission s : batch.submissions()) {
            if (!Submission.SLURM.equals(s.mode())) continue;
            jobs.add(s.arrayJob());
            if (s.collectorJob() != null) jobs.add(s.collectorJob());
            if (s.workersJob() != null) jobs.add(s.workersJob());
        }
        if (!jobs.isEmpty()) {
            Map<String, String> known = slurm.squeue(jobs);
            List<String> live = jobs.stream().filter(j -> known.entrySet().stream().anyMatch(e ->
                    (e.getKey().equals(j) || e.getKey().startsWith(j + "_")) && !finalState(e.getValue()))).toList();
            if (live.isEmpty()) {
                notes.add("no job of this batch is pending or running any more");
            } else {
                slurm.scancel(live).ifPresent(err -> notes.add("scancel: " + err));
                stopped.addAll(live);
            }
        }
        for (TaskStatus t : st.tasks()) {     // local tasks started by hass on this machine
            if (t.state() != TaskState.RUNNING || t.job() != null) continue;
            Optional<Map<String, String>> running = TaskFiles.read(st.dir().resolve(t.task().dir()), TaskFiles.RUNNING);
            Path td = st.dir().resolve(t.task().dir());
            running.map(m -> m.get("pid")).flatMap(p -> ProcessHandle.of(Long.parseLong(p))).ifPresent(p -> {
                AtomicFiles.writeUnchecked(td.resolve(TaskFiles.CANCELLED), "cancelled=" + now() + "\npid=" + p.pid() + "\n");
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                stopped.add("pid " + p.pid() + " (" + t.task().label() + ")");
            });
        }
        if (stopped.isEmpty() && notes.isEmpty()) notes.add("nothing was running");
        return new Cancelled(stopped, notes);
    }

    private static boolean finalState(String s) {
        return switch (s) {
            case "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL",
                    "DEADLINE", "PREEMPTED" -> true;
            default -> false;
        };
    }

    private static boolean lastModeIsLocal(Batch b) {
        for (int i = b.submissions().size() - 1; i >= 0; i--) {
            String m = b.submissions().get(i).mode();
            if (!Submission.DRY_RUN.equals(m)) return Submission.LOCAL.equals(m);
        }
        return false;
    }

    /**
     * A retried coordinator gets new workers: the earlier array's tasks that still wait for a queue are cancelled rather
     * than left to join (their number would add up over retries).
     */
    private void cancelOldWorkers(Batch batch) {
        List<String> old = batch.submissions().stream().map(Submission::workersJob).filter(j -> j != null).toList();
        if (old.isEmpty()) return;
        Map<String, String> known = slurm.squeue(old);
        List<String> live = old.stream().filter(j -> known.entrySet().stream().anyMatch(e ->
                (e.getKey().equals(j) || e.getKey().startsWith(j + "_")) && !finalState(e.getValue()))).toList();
        if (live.isEmpty()) return;
        say("cancelling the earlier workers " + live);
        slurm.scancel(live).ifPresent(err -> say("scancel: " + err));
    }

    private Submitted startSlurm(Path dir, Batch batch, List<Integer> idx, List<String> alsoAwait) {
        Integer k = batch.slurm().maxParallel();
        String array = slurm.sbatch(List.of("--array=" + BatchWriter.arraySpec(idx, k)), dir.resolve(BatchWriter.ARRAY_SCRIPT), dir);
        String workers = null;
        String collector;
        try {
            // the workers start once the coordinator has started (after:, so none idles while it is still queued); its
            // queue comes a few seconds later, which they wait for
            if (batch.workers() != null) {
                workers = slurm.sbatch(List.of("--dependency=after:" + array), dir.resolve(BatchWriter.WORKERS_SCRIPT), dir);
            }
            String dependency = "afterok:" + array + alsoAwait.stream().map(j -> ",afterany:" + j).reduce("", String::concat);
            collector = slurm.sbatch(List.of("--dependency=" + dependency, "--kill-on-invalid-dep=yes"),
                    dir.resolve(BatchWriter.COLLECTOR_SCRIPT), dir);
        } catch (RuntimeException e) {
            slurm.scancel(workers == null ? List.of(array) : List.of(array, workers));
            throw e;
        }
        Submission s = new Submission(Submission.SLURM, array, collector, idx, now(), workers);
        Batch b = batch.withSubmission(s);
        BatchStore.write(dir, b);
        return new Submitted(dir, b, s, slurmCommands(dir, b, idx, array), null);
    }

    private Submitted startLocal(Path dir, Batch batch, List<Integer> idx, Integer maxParallel) {
        Submission s = new Submission(Submission.LOCAL, null, null, idx, now());
        Batch b = batch.withSubmission(s);
        BatchStore.write(dir, b);
        List<TaskSpec> tasks = idx.stream().map(i -> b.tasks().get(i)).toList();
        int k = maxParallel != null ? maxParallel : LocalExecutor.defaultParallelism(tasks.size());
        say("running " + tasks.size() + " task(s) on this machine, " + k + " at a time");
        LocalExecutor.run(dir, tasks, k, progress);
        CollectResult c = collect(dir);
        return new Submitted(dir, b, s, List.of(), c);
    }

    static List<String> slurmCommands(Path dir, Batch batch, List<Integer> idx, String arrayId) {
        List<String> c = new ArrayList<>();
        c.add("sbatch --parsable --array=" + BatchWriter.arraySpec(idx, batch.slurm().maxParallel()) + " "
                + dir.resolve(BatchWriter.ARRAY_SCRIPT));
        if (batch.workers() != null) c.add("sbatch --parsable --dependency=after:" + arrayId + " " + dir.resolve(BatchWriter.WORKERS_SCRIPT));
        c.add("sbatch --parsable --dependency=afterok:" + arrayId + " --kill-on-invalid-dep=yes "
                + dir.resolve(BatchWriter.COLLECTOR_SCRIPT));
        return c;
    }

    /**
     * A search without its checkpoint trains the model first: several tasks sharing a missing checkpoint
     * would all train it at once into the same folder. Refused (a dry run only warns).
     */
    private void checkpointsExist(List<ExperimentInfo> experiments, List<TaskSpec> tasks, boolean dryRun) {
        List<String> problems = new ArrayList<>();
        Map<Path, List<ExperimentInfo>> byCheckpoint = new java.util.LinkedHashMap<>();
        for (ExperimentInfo e : experiments) byCheckpoint.computeIfAbsent(e.checkpoint(), k -> new ArrayList<>()).add(e);
        for (Map.Entry<Path, List<ExperimentInfo>> c : byCheckpoint.entrySet()) {
            List<String> names = c.getValue().stream().map(ExperimentInfo::name).toList();
            long sharing = tasks.stream().filter(t -> names.contains(t.name())).count();
            if (sharing > 1 && !c.getValue().get(0).hasCheckpoint()) {
                problems.add(c.getValue().get(0).file() + ": no checkpoint at " + c.getKey() + " (model.checkpoint), and "
                        + sharing + " tasks would each train it at once; train it first: bin/hass train "
                        + c.getValue().get(0).file());
            }
        }
        if (problems.isEmpty()) return;
        if (!dryRun) throw new BatchInputException(problems);
        for (String p : problems) say("warning: " + p);
    }

    private static void validate(BatchRequest r) {
        List<String> p = new ArrayList<>();
        if (r.experiments() == null || r.experiments().isEmpty()) p.add("give at least one EXPERIMENT.json");
        SlurmOptions o = r.slurm();
        if (o.cpusPerTask() < 1) p.add("--cpus-per-task: " + o.cpusPerTask() + "; allowed: ≥ 1");
        if (o.maxParallel() != null && o.maxParallel() < 1) p.add("--max-parallel: " + o.maxParallel() + "; allowed: ≥ 1");
        if (r.evaluations() != null && r.evaluations() < 1) p.add("--evaluations: " + r.evaluations() + "; allowed: ≥ 1");
        if (o.time() != null && !o.time().matches("(\\d+-)?\\d+(:\\d{1,2}){0,2}")) {
            p.add("--time: '" + o.time() + "'; allowed: Slurm time limits such as 30, 01:30:00 or 1-12:00:00");
        }
        if (o.mem() != null && !o.mem().matches("\\d+[KMGT]?")) p.add("--mem: '" + o.mem() + "'; allowed: e.g. 4G, 4096M, 4096");
        if (o.partition() != null && !o.partition().matches("[A-Za-z0-9_.-]+")) {
            p.add("--partition: '" + o.partition() + "'; allowed: letters, digits, '_', '.', '-'");
        }
        if (r.boards() != null) {
            for (String b : r.boards()) {
                if (!b.matches("[A-Za-z0-9_.-]+")) p.add("--boards: '" + b + "'; allowed: board names such as u250,zcu102");
            }
        }
        WorkerOptions w = r.workers();
        if (w != null) {
            if (w.count() < 1) p.add("--workers: " + w.count() + "; allowed: ≥ 1");
            if (w.threadsPerWorker() < 1) p.add("--threads-per-worker: " + w.threadsPerWorker() + "; allowed: ≥ 1");
            if (w.leaseSeconds() < 1) p.add("--lease-seconds: " + w.leaseSeconds() + "; allowed: ≥ 1");
            if (w.waitSeconds() < 0) p.add("--wait-seconds: " + w.waitSeconds() + "; allowed: ≥ 0");
            if (o.maxParallel() != null) p.add("--max-parallel: not with --workers (the search is one task; its workers all run at once)");
        }
        if (r.id() != null && !r.id().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            p.add("--id: '" + r.id() + "'; allowed: letters, digits, '_', '.', '-' (it names the batch folder)");
        }
        if (!p.isEmpty()) throw new BatchInputException(p);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println(line);
            progress.flush();
        }
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
