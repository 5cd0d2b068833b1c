package dev.hass.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * Runs a batch's tasks on this machine through the same wrapper Slurm would run: at most K at once,
 * one JVM per task. Interrupting hass stops every task's process tree.
 */
final class LocalExecutor {
    private LocalExecutor() {}

    /** Runs {@code indices} and returns their exit codes in the same order. */
    static List<Integer> run(Path batchDir, List<TaskSpec> tasks, int parallel, PrintWriter progress) {
        List<Process> live = new ArrayList<>();
        Thread stopper = new Thread(() -> {
            synchronized (live) {
                for (Process p : live) {
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (TaskSpec t : tasks) {
                futures.add(pool.submit(() -> {
                    ProcessBuilder pb = new ProcessBuilder("bash", batchDir.resolve(BatchWriter.WRAPPER).toString(),
                            Integer.toString(t.index()))
                            .directory(batchDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(batchDir.resolve("logs/task-" + t.index() + "-local.out").toFile());
                    pb.environment().remove("SLURM_ARRAY_TASK_ID");
                    // k tasks share the cores: each gets its share of libtorch threads instead of all of them
                    // (oversubscribed OpenMP threads make every task slower); the user's own setting wins
                    pb.environment().putIfAbsent("OMP_NUM_THREADS", Integer.toString(threadsPerTask(parallel)));
                    Process p = pb.start();
                    synchronized (live) { live.add(p); }
                    int rc = p.waitFor();
                    synchronized (live) { live.remove(p); }
                    synchronized (progress) {
                        boolean cancelled = java.nio.file.Files.exists(batchDir.resolve(t.dir()).resolve(TaskFiles.CANCELLED));
                        progress.println(t.label() + (rc == 0 ? ": COMPLETED" : cancelled ? ": CANCELLED" : ": FAILED (exit " + rc + ")"));
                        progress.flush();
                    }
                    return rc;
                }));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : futures) codes.add(f.get());
            return codes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running local tasks", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw new UncheckedIOException("cannot start a local task: " + io.getMessage(), io);
            throw new IllegalStateException("local task runner failed: " + c, c);
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    /** libtorch threads of one of {@code parallel} concurrent tasks on this machine. */
    static int threadsPerTask(int parallel) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallel));
    }

    static int defaultParallelism(int tasks) {
        return Math.max(1, Math.min(tasks, Runtime.getRuntime().availableProcessors()));
    }

}
