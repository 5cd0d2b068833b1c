package dev.hass.cluster;

import dev.hass.workers.WorkerStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out each task's state: the task folder's DONE/FAILED first (the source of truth), then the
 * scheduler ({@code squeue -t all}, else {@code sacct}), then a RUNNING marker of a live local process.
 */
final class StatusReader {
    private final Slurm slurm;

    StatusReader(Slurm slurm) {
        this.slurm = slurm;
    }

    BatchStatus read(Path dir, Batch batch) {
        List<String> jobs = new ArrayList<>();
        for (Submission s : batch.submissions()) {
            if (Submission.SLURM.equals(s.mode())) {
                jobs.add(s.arrayJob());
                if (s.collectorJob() != null) jobs.add(s.collectorJob());
                if (s.workersJob() != null) jobs.add(s.workersJob());
            }
        }
        Map<String, String> sched = Map.of();
        String source = "files";
        if (!jobs.isEmpty()) {
            sched = slurm.squeue(jobs);
            source = "squeue";
            if (sched.isEmpty()) {
                sched = slurm.sacct(jobs);
                source = sched.isEmpty() ? "files (squeue and sacct know none of the jobs)" : "sacct";
            }
        }
        List<TaskStatus> out = new ArrayList<>();
        for (TaskSpec t : batch.tasks()) out.add(task(dir, batch, t, sched));
        String collector = null;
        for (int i = batch.submissions().size() - 1; i >= 0 && collector == null; i--) {
            collector = batch.submissions().get(i).collectorJob();
        }
        List<WorkerTaskStatus> workers = batch.workers() == null ? List.of() : workers(dir, batch, sched);
        return new BatchStatus(dir, batch, out, source, collector, collector == null ? null : sched.get(collector), workers);
    }

    /**
     * The workers of the latest submission (array tasks {@code W_0 … W_n-1}), each from its heartbeat file when it has
     * written one, else from the scheduler; then any other worker that reported into the folder (an earlier
     * submission's, one started by hand).
     */
    private static List<WorkerTaskStatus> workers(Path dir, Batch batch, Map<String, String> sched) {
        Map<String, WorkerStatus> beats = new LinkedHashMap<>();
        for (WorkerStatus w : WorkerStatus.read(dir.resolve(batch.tasks().get(0).dir()))) beats.put(w.name(), w);
        List<WorkerTaskStatus> out = new ArrayList<>();
        String job = null;
        for (int i = batch.submissions().size() - 1; i >= 0 && job == null; i--) job = batch.submissions().get(i).workersJob();
        if (job != null) {
            for (int k = 0; k < batch.workers().count(); k++) {
                String name = job + "_" + k;
                String s = sched.get(name);
                WorkerStatus w = beats.remove(name);
                if (w != null) {
                    out.add(new WorkerTaskStatus(name, w.state(), w.scored(), s, w.detail()));
                } else if (s == null) {
                    out.add(new WorkerTaskStatus(name, WorkerStatus.GONE, 0, null, "never reported; the scheduler no longer knows it"));
                } else {
                    String state = switch (s) {
                        case "PENDING", "CONFIGURING", "REQUEUED" -> "pending";
                        case "RUNNING" -> "starting";
                        default -> WorkerStatus.GONE;
                    };
                    out.add(new WorkerTaskStatus(name, state, 0, s, state.equals(WorkerStatus.GONE) ? "never reported" : "no heartbeat yet"));
                }
            }
        }
        for (WorkerStatus w : beats.values()) out.add(new WorkerTaskStatus(w.name(), w.state(), w.scored(), sched.get(w.name()), w.detail()));
        return out;
    }

    private static TaskStatus task(Path dir, Batch batch, TaskSpec t, Map<String, String> sched) {
        Path td = dir.resolve(t.dir());
        Submission sub = batch.lastSubmissionOf(t.index());
        String job = sub != null && sub.arrayJob() != null ? sub.arrayJob() + "_" + t.index() : null;
        Optional<Map<String, String>> done = TaskFiles.read(td, TaskFiles.DONE);
        if (done.isPresent()) {
            return new TaskStatus(t, TaskState.COMPLETED, job, "exit 0 after " + done.get().getOrDefault("seconds", "?") + " s");
        }
        // before FAILED: a cancelled task's wrapper can still write FAILED when its killed child exits before it does
        Optional<Map<String, String>> cancelled = TaskFiles.read(td, TaskFiles.CANCELLED);
        if (cancelled.isPresent()) {
            return new TaskStatus(t, TaskState.CANCELLED, job, "cancelled " + cancelled.get().get("cancelled"));
        }
        Optional<Map<String, String>> failed = TaskFiles.read(td, TaskFiles.FAILED);
        if (failed.isPresent()) {
            String last = TaskFiles.lastErrorLine(td);
            return new TaskStatus(t, TaskState.FAILED, job, "exit " + failed.get().getOrDefault("exit", "?")
                    + (last.isEmpty() ? "" : ": " + last) + " (see " + t.dir() + "/FAILED)");
        }
        if (sub == null) return new TaskStatus(t, TaskState.MISSING, null, "never submitted");
        if (Submission.DRY_RUN.equals(sub.mode())) {
            return new TaskStatus(t, TaskState.MISSING, null, "dry run: not submitted (use 'hass batch retry')");
        }
        if (job != null && sched.containsKey(job)) {
            String s = sched.get(job);
            TaskState state = switch (s) {
                case "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "SUSPENDED",
                        "STOPPED", "SIGNALING" -> TaskState.PENDING;
                case "RUNNING", "COMPLETING", "STAGE_OUT" -> TaskState.RUNNING;
                case "CANCELLED" -> TaskState.CANCELLED;
                default -> TaskState.FAILED;   // FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, BOOT_FAIL, DEADLINE, PREEMPTED,
                                               // or COMPLETED without the wrapper's DONE file
            };
            String detail = state == TaskState.FAILED ? "scheduler says " + s + "; no DONE file" : "scheduler says " + s;
            return new TaskStatus(t, state, job, detail);
        }
        Optional<Map<String, String>> running = TaskFiles.read(td, TaskFiles.RUNNING);
        if (running.isPresent() && alive(running.get())) {
            return new TaskStatus(t, TaskState.RUNNING, job, "pid " + running.get().get("pid") + " since " + running.get().get("started"));
        }
        return new TaskStatus(t, TaskState.MISSING, job, running.isPresent()
                ? "started " + running.get().get("started") + " but stopped without DONE/FAILED (killed?)"
                : Submission.SLURM.equals(sub.mode()) ? "no result files and the scheduler no longer knows the job"
                : "not run");
    }

    /** A RUNNING marker written on this host whose process still exists. */
    static boolean alive(Map<String, String> running) {
        if (!hostname().equals(running.get("host"))) return false;
        try {
            long pid = Long.parseLong(running.getOrDefault("pid", "-1"));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The name the wrapper's {@code hostname} prints (the kernel's), which Java's may differ from (FQDN). */
    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException x) {
                return "";
            }
        }
    }
}
