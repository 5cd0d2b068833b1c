package dev.hass.workers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * N worker processes on this machine ({@code hass worker RESULTS_DIR}), each a JVM of its own with its own libtorch
 * thread count ({@code OMP_NUM_THREADS}), output in {@code work/logs/worker-K.log}. They exit when the coordinator
 * writes {@code work/done}, or when the coordinator's process is gone ({@code --until-pid}, so a killed coordinator
 * leaves no orphans); {@link #close} stops any that is left.
 */
public final class LocalWorkers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Thread stopper;

    private LocalWorkers(List<String> launcher, Path results, int n, int threads) throws IOException {
        Path logs = WorkFiles.work(results).resolve(WorkFiles.LOGS);
        Files.createDirectories(logs);
        stopper = new Thread(this::destroy);
        Runtime.getRuntime().addShutdownHook(stopper);
        for (int k = 0; k < n; k++) {
            List<String> cmd = new ArrayList<>(launcher);
            cmd.addAll(List.of("worker", results.toAbsolutePath().toString(),
                    "--until-pid", Long.toString(ProcessHandle.current().pid()), "--name", "local-" + k));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("worker-" + k + ".log").toFile());
            Map<String, String> env = pb.environment();
            env.remove("SLURM_ARRAY_TASK_ID");   // the coordinator may itself be a Slurm array task
            env.remove("SLURM_ARRAY_JOB_ID");
            // each worker's libtorch threads: N workers × T threads should not exceed the cores
            env.put("OMP_NUM_THREADS", Integer.toString(threads));
            processes.add(pb.start());
        }
    }

    /** Starts {@code n} workers with {@code threads} libtorch threads each, through {@code launcher} (see {@link #launcher}). */
    public static LocalWorkers start(List<String> launcher, Path results, int n, int threads) throws IOException {
        if (n < 1 || threads < 1) throw new IllegalArgumentException("workers and threads per worker must be ≥ 1, not " + n + " and " + threads);
        return new LocalWorkers(launcher, results, n, threads);
    }

    /**
     * How to start {@code hass}: {@code bin/hass} of the installation this JVM runs from ({@code -Dhass.home}, set by
     * bin/hass), else this JVM's own java, class path and DJL/logging properties (tests, an IDE).
     */
    public static List<String> launcher() {
        String home = System.getProperty("hass.home", "");
        Path bin = Path.of(home.isEmpty() ? "." : home, "bin", "hass");
        if (!home.isEmpty() && Files.isExecutable(bin)) return List.of(bin.toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto"));
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("ai.djl.") || k.startsWith("org.slf4j.")) cmd.add("-D" + k + "=" + System.getProperty(k));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hass.cli.Main"));
        return cmd;
    }

    /** Whether any worker is still running (the queue gives up waiting when none is). */
    public boolean anyAlive() {
        return processes.stream().anyMatch(Process::isAlive);
    }

    /** The process ids, in worker order (tests kill one). */
    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** Waits a little for the workers to see {@code work/done} and exit, then stops those that did not. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process p : processes) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook runs
        }
    }

    private void destroy() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }
}
