package dev.hass.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a request into tasks and writes the batch folder: into a hidden temp folder first, renamed
 * into place only when complete, so a failure never leaves half a batch behind.
 */
final class BatchWriter {
    static final String WRAPPER = "run-task.sh";
    static final String ARRAY_SCRIPT = "array.sbatch";
    static final String COLLECTOR_SCRIPT = "collector.sbatch";
    static final String WORKERS_SCRIPT = "workers.sbatch";
    /** Most tasks in one batch: a typo in --seeds must not write a hundred thousand folders. */
    static final int MAX_TASKS = 10_000;
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private BatchWriter() {}

    static List<TaskSpec> expand(List<ExperimentInfo> experiments, List<Long> seeds, List<String> boards) {
        long count = 0;
        for (ExperimentInfo e : experiments) {
            count += (long) (boards != null ? boards.size() : 1) * (seeds != null ? seeds.size() : 1);
        }
        if (count > MAX_TASKS) {
            throw new BatchInputException("the batch would have " + count + " tasks (experiments × boards × seeds); at most "
                    + MAX_TASKS + " per batch: split it into several batches");
        }
        List<TaskSpec> tasks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ExperimentInfo e : experiments) {
            List<String> bs = boards != null ? boards : e.platform() == null ? List.of() : List.of(e.platform());
            if (bs.isEmpty()) problems.add(e.file() + ": $.hardware.platform is missing and no --boards given");
            List<Long> ss = seeds != null ? seeds : List.of(e.seed());
            for (String b : bs) {
                for (long s : ss) {
                    int i = tasks.size();
                    String dir = "tasks/" + String.format("%03d", i) + "-" + slug(e.name()) + "-" + slug(b) + "-s" + s;
                    tasks.add(new TaskSpec(i, e.file().toString(), e.name(), b, s, dir));
                }
            }
        }
        if (!problems.isEmpty()) throw new BatchInputException(problems);
        return tasks;
    }

    /**
     * A folder-name part from a value a user or an experiment file gave: a board file path becomes its file name
     * without {@code .json}; anything but letters, digits, '_', '.', '-' becomes '_', and no part starts with '.',
     * so no value can climb out of {@code tasks/} or hide a folder.
     */
    static String slug(String value) {
        String base = value.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.endsWith(".json")) base = base.substring(0, base.length() - 5);
        String s = base.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (s.isEmpty() || s.startsWith(".")) s = "_" + s;
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    /**
     * Values that reach a generated script: a control character (a newline above all) would end the line it is
     * on and start a command of its own, whatever the quoting. Checked before anything is written.
     */
    static void checkScriptValues(Path finalDir, Batch batch) {
        List<String> problems = new ArrayList<>();
        scriptValue("--batches-dir", finalDir.toString(), problems);
        scriptValue("bin/hass", batch.hass(), problems);
        scriptValue("--task-command", batch.taskCommand(), problems);
        scriptValue("the working directory", batch.workDir(), problems);
        scriptValue("--id", batch.id(), problems);
        for (TaskSpec t : batch.tasks()) {
            scriptValue("experiment file", t.experiment(), problems);
            scriptValue("board", t.board(), problems);
        }
        if (finalDir.toString().contains("\"")) problems.add("--batches-dir: " + finalDir + "; a '\"' cannot be quoted in an #SBATCH line");
        if (!problems.isEmpty()) throw new BatchInputException(problems);
    }

    private static void scriptValue(String what, String value, List<String> problems) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            problems.add(what + ": " + value.replaceAll("\\p{Cntrl}", "?") + " has a control character (newline, tab, ...); "
                    + "it would reach a generated script: allowed are printable characters only");
        }
    }

    /** An #SBATCH value: as is when plainly safe, else in double quotes (sbatch strips them). */
    static String sbatchValue(String v) {
        return v.matches("[A-Za-z0-9_./%@+=:,-]+") ? v : "\"" + v + "\"";
    }

    static String newId(Path root) {
        String base = ID.format(Instant.now());
        String id = base;
        for (int n = 2; Files.exists(root.resolve(id)); n++) id = base + "-" + n;
        return id;
    }

    /** Writes the whole folder for {@code batch} at {@code finalDir}, atomically. */
    static void write(Path finalDir, Batch batch) {
        if (Files.exists(finalDir)) {
            throw new BatchInputException(finalDir + ": already exists; choose another --id or remove it");
        }
        checkScriptValues(finalDir, batch);
        Path root = finalDir.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, "." + finalDir.getFileName() + ".tmp-");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(tmp.resolve("logs"));
            for (TaskSpec t : batch.tasks()) Files.createDirectories(tmp.resolve(t.dir()));
            script(tmp.resolve(WRAPPER), wrapper(finalDir, batch));
            script(tmp.resolve(ARRAY_SCRIPT), arrayScript(finalDir, batch));
            script(tmp.resolve(COLLECTOR_SCRIPT), collectorScript(finalDir, batch));
            if (batch.workers() != null) script(tmp.resolve(WORKERS_SCRIPT), workersScript(finalDir, batch));
            BatchStore.write(tmp, batch);
            try {
                Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, finalDir);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new BatchInputException(finalDir + ": already exists; choose another --id or remove it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write batch folder " + finalDir + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void script(Path f, String text) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The command line of one task, as bash words (after the program). */
    static List<String> taskArgs(Path batchDir, Batch batch, TaskSpec t) {
        List<String> a = new ArrayList<>(List.of("search", t.experiment(), "--seed", Long.toString(t.seed()),
                "--platform", t.board(), "--out", batchDir.resolve(t.dir()).toString()));
        if (batch.evaluations() != null) a.addAll(List.of("--evaluations", batch.evaluations().toString()));
        if (batch.workers() != null) {
            // the coordinator: scores through the queue in its results folder, waits for the worker array's tasks
            a.addAll(List.of("--external-workers", "--lease-seconds", Integer.toString(batch.workers().leaseSeconds())));
        }
        return a;
    }

    static String program(Batch batch) {
        return batch.taskCommand() != null ? batch.taskCommand() : batch.hass();
    }

    static String wrapper(Path batchDir, Batch batch) {
        StringBuilder cases = new StringBuilder();
        for (TaskSpec t : batch.tasks()) {
            cases.append("  ").append(t.index()).append(") dir=").append(q(t.dir())).append("; args=(");
            List<String> args = taskArgs(batchDir, batch, t);
            for (int i = 0; i < args.size(); i++) cases.append(i == 0 ? "" : " ").append(q(args.get(i)));
            cases.append(") ;;\n");
        }
        int last = batch.tasks().size() - 1;
        return """
                #!/usr/bin/env bash
                # Generated by 'hass submit' for batch %s. Runs one task: %s [INDEX], INDEX defaulting to
                # $SLURM_ARRAY_TASK_ID. Its outcome goes into the task folder, the source of truth for
                # 'hass batch status|collect': DONE (exit 0) or FAILED (exit code + stderr tail); RUNNING while it runs.
                set -uo pipefail
                BATCH=%s
                PROGRAM=%s
                i=${1:-${SLURM_ARRAY_TASK_ID:-}}
                case "$i" in
                %s  *) echo "%s: no task '$i' in batch %s (tasks 0-%d)" >&2; exit 2 ;;
                esac
                out="$BATCH/$dir"
                mkdir -p "$out" && cd %s || exit 1     # where hass submit ran: relative paths in experiments
                rm -f "$out/DONE" "$out/FAILED" "$out/CANCELLED"
                printf 'host=%%s\npid=%%s\njob=%%s\nstarted=%%s\n' "$(hostname)" "$$" \
                  "${SLURM_ARRAY_JOB_ID:+${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}}" "$(date -u +%%FT%%TZ)" >"$out/RUNNING"
                start=$(date +%%s%%N)
                "$PROGRAM" "${args[@]}" >"$out/stdout.log" 2>"$out/stderr.log" </dev/null
                rc=$?
                secs=$(( ($(date +%%s%%N) - start) / 1000000 ))
                secs=$(printf '%%d.%%03d' $((secs / 1000)) $((secs %% 1000)))
                if ((rc == 0)); then
                  printf 'exit=0\nseconds=%%s\nfinished=%%s\n' "$secs" "$(date -u +%%FT%%TZ)" >"$out/.DONE.tmp"
                  mv -f "$out/.DONE.tmp" "$out/DONE"
                else
                  { printf 'exit=%%s\nseconds=%%s\nfinished=%%s\n--- last 20 lines of stderr.log ---\n' \
                      "$rc" "$secs" "$(date -u +%%FT%%TZ)"; tail -n 20 "$out/stderr.log"; } >"$out/.FAILED.tmp"
                  mv -f "$out/.FAILED.tmp" "$out/FAILED"
                fi
                rm -f "$out/RUNNING"
                exit "$rc"
                """.formatted(batch.id(), WRAPPER, q(batchDir.toString()), q(program(batch)), cases, WRAPPER,
                batch.id(), last, q(batch.workDir()));
    }

    /** The array script; {@code --array} here covers all tasks, a retry overrides it on the command line. */
    static String arrayScript(Path batchDir, Batch batch) {
        SlurmOptions o = batch.slurm();
        StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n");
        s.append("# Generated by 'hass submit': one array task per batch task (see tasks.json).\n");
        s.append("#SBATCH --job-name=hass-").append(batch.id()).append('\n');
        s.append("#SBATCH --array=").append(arraySpec(allIndices(batch), o.maxParallel())).append('\n');
        s.append(resources(o));
        s.append("#SBATCH --chdir=").append(sbatchValue(batchDir.toString())).append('\n');
        s.append("#SBATCH --output=").append(sbatchValue(batchDir.resolve("logs/task-%a-job-%A.out").toString())).append('\n');
        s.append("exec ").append(q(batchDir.resolve(WRAPPER).toString())).append(" \"$SLURM_ARRAY_TASK_ID\"\n");
        return s.toString();
    }

    /**
     * The worker array of one search on many workers: each task a {@code hass worker} on the coordinator's results
     * folder (task 0's), started at the same time as the coordinator; a worker that starts first waits for its queue.
     */
    static String workersScript(Path batchDir, Batch batch) {
        SlurmOptions o = batch.slurm();
        WorkerOptions w = batch.workers();
        TaskSpec coordinator = batch.tasks().get(0);
        StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n");
        s.append("# Generated by 'hass submit --workers': the workers of the search of task 0 (see tasks.json); they exit\n");
        s.append("# when the search is done, or when no live queue appears within --wait-seconds.\n");
        s.append("#SBATCH --job-name=hass-").append(batch.id()).append("-workers\n");
        s.append("#SBATCH --array=0-").append(w.count() - 1).append('\n');
        s.append("#SBATCH --cpus-per-task=").append(w.threadsPerWorker()).append('\n');
        if (o.partition() != null) s.append("#SBATCH --partition=").append(o.partition()).append('\n');
        if (o.time() != null) s.append("#SBATCH --time=").append(o.time()).append('\n');
        if (o.mem() != null) s.append("#SBATCH --mem=").append(o.mem()).append('\n');
        s.append("#SBATCH --chdir=").append(sbatchValue(batchDir.toString())).append('\n');
        s.append("#SBATCH --output=").append(sbatchValue(batchDir.resolve("logs/worker-%a-job-%A.out").toString())).append('\n');
        s.append("cd ").append(q(batch.workDir())).append(" || exit 1     # where hass submit ran: relative paths in the experiment\n");
        s.append("export OMP_NUM_THREADS=").append(w.threadsPerWorker()).append('\n');
        s.append("exec ").append(q(batch.hass())).append(" worker ").append(q(batchDir.resolve(coordinator.dir()).toString()))
                .append(" --wait-seconds ").append(w.waitSeconds()).append('\n');
        return s.toString();
    }

    static String collectorScript(Path batchDir, Batch batch) {
        SlurmOptions o = batch.slurm();
        StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n");
        s.append("# Generated by 'hass submit': merges the finished tasks once the array succeeded (afterok).\n");
        s.append("#SBATCH --job-name=hass-").append(batch.id()).append("-collect\n");
        s.append("#SBATCH --cpus-per-task=1\n");
        if (o.partition() != null) s.append("#SBATCH --partition=").append(o.partition()).append('\n');
        s.append("#SBATCH --time=00:10:00\n");
        s.append("#SBATCH --chdir=").append(sbatchValue(batchDir.toString())).append('\n');
        s.append("#SBATCH --output=").append(sbatchValue(batchDir.resolve("logs/collector-%j.out").toString())).append('\n');
        s.append("exec ").append(q(batch.hass())).append(" batch collect ").append(q(batchDir.toString())).append('\n');
        return s.toString();
    }

    private static String resources(SlurmOptions o) {
        StringBuilder s = new StringBuilder();
        s.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
        if (o.partition() != null) s.append("#SBATCH --partition=").append(o.partition()).append('\n');
        if (o.time() != null) s.append("#SBATCH --time=").append(o.time()).append('\n');
        if (o.mem() != null) s.append("#SBATCH --mem=").append(o.mem()).append('\n');
        return s.toString();
    }

    static List<Integer> allIndices(Batch batch) {
        return batch.tasks().stream().map(TaskSpec::index).toList();
    }

    /** Slurm's array syntax: {@code 0-7%2}, or {@code 1,4,5%2} for a retry. */
    static String arraySpec(List<Integer> indices, Integer maxParallel) {
        StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < indices.size()) {
            int j = i;
            while (j + 1 < indices.size() && indices.get(j + 1) == indices.get(j) + 1) j++;
            if (s.length() > 0) s.append(',');
            s.append(indices.get(i));
            if (j > i) s.append('-').append(indices.get(j));
            i = j + 1;
        }
        if (maxParallel != null) s.append('%').append(maxParallel);
        return s.toString();
    }
}
