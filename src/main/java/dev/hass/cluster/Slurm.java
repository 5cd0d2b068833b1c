package dev.hass.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Slurm command-line client (sbatch, squeue, sacct, scancel): the portable interface every site
 * has. Binaries are looked up on {@code PATH}, or on the system property {@code hass.slurm.path}
 * (a path list) when set.
 */
public final class Slurm {
    /** What a Slurm command printed. */
    public record Result(int exit, String out, String err) {
        boolean ok() { return exit == 0; }
    }

    private static final long TIMEOUT_SECONDS = 60;
    private final List<Path> searchPath;

    public Slurm(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** The client as configured for this process. */
    public static Slurm fromEnvironment() {
        String p = System.getProperty("hass.slurm.path");
        if (p == null) p = System.getenv().getOrDefault("PATH", "");
        List<Path> dirs = new ArrayList<>();
        for (String d : p.split(File.pathSeparator)) if (!d.isBlank()) dirs.add(Path.of(d));
        return new Slurm(dirs);
    }

    public Optional<Path> find(String program) {
        for (Path d : searchPath) {
            Path f = d.resolve(program);
            if (Files.isRegularFile(f) && Files.isExecutable(f)) return Optional.of(f);
        }
        return Optional.empty();
    }

    public boolean hasSbatch() {
        return find("sbatch").isPresent();
    }

    /** True when a controller answers {@code sinfo}; what the integration tests check. */
    public boolean answers() {
        Optional<Path> sinfo = find("sinfo");
        if (sinfo.isEmpty()) return false;
        try {
            Result r = run(List.of(sinfo.get().toString(), "-h", "-o", "%T"), null);
            return r.ok() && !r.out().isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * {@code sbatch --parsable ARGS… SCRIPT}; returns the job id. A missing sbatch or a rejection
     * (bad partition, time limit…) is bad input and carries sbatch's own words.
     */
    public String sbatch(List<String> args, Path script, Path workDir) {
        Path sbatch = find("sbatch").orElseThrow(() -> new BatchInputException(List.of(
                "sbatch not found on " + (System.getProperty("hass.slurm.path") != null ? "hass.slurm.path" : "PATH")
                        + ": this machine has no Slurm client.",
                "Run the batch on this machine with --local, or submit from a Slurm login node.")));
        List<String> cmd = new ArrayList<>();
        cmd.add(sbatch.toString());
        cmd.add("--parsable");
        cmd.addAll(args);
        cmd.add(script.toString());
        Result r = run(cmd, workDir);
        if (!r.ok()) {
            List<String> lines = new ArrayList<>();
            lines.add("sbatch rejected " + script + " (exit " + r.exit() + "):");
            for (String l : r.err().strip().split("\n")) if (!l.isBlank()) lines.add("  " + l);
            throw new BatchInputException(lines);
        }
        // --parsable prints "jobid" or "jobid;cluster"
        String id = r.out().strip().split(";")[0].strip();
        if (!id.matches("\\d+")) throw new IllegalStateException("sbatch printed no job id: '" + r.out().strip() + "'");
        return id;
    }

    /**
     * Each job's and array task's state, from {@code squeue -h -t all -j IDS}: keys {@code 123} (a job)
     * and {@code 123_4} (an array task); values Slurm state names (PENDING, RUNNING, COMPLETED, FAILED,
     * CANCELLED, TIMEOUT…). Jobs older than MinJobAge are gone; empty when squeue cannot say.
     */
    public Map<String, String> squeue(List<String> jobIds) {
        Map<String, String> states = new LinkedHashMap<>();
        Optional<Path> squeue = find("squeue");
        if (squeue.isEmpty() || jobIds.isEmpty()) return states;
        // one call per id: squeue fails the whole call when any one id has expired
        for (String id : jobIds) {
            Result r = run(List.of(squeue.get().toString(), "-h", "-t", "all", "-j", id, "-o", "%i|%T"), null);
            if (r.ok()) parseStates(r.out(), states);
        }
        return states;
    }

    /** Same as {@link #squeue} from {@code sacct}; empty without slurmdbd ("accounting storage is disabled"). */
    public Map<String, String> sacct(List<String> jobIds) {
        Map<String, String> states = new LinkedHashMap<>();
        Optional<Path> sacct = find("sacct");
        if (sacct.isEmpty() || jobIds.isEmpty()) return states;
        Result r = run(List.of(sacct.get().toString(), "-n", "-P", "-X", "-j", String.join(",", jobIds),
                "-o", "JobID,State"), null);
        if (r.ok()) parseStates(r.out(), states);
        return states;
    }

    /** {@code scancel IDS}; returns scancel's complaint, or empty when it succeeded. */
    public Optional<String> scancel(List<String> jobIds) {
        Path scancel = find("scancel").orElseThrow(() -> new BatchInputException(
                "scancel not found on PATH: this machine has no Slurm client; cancel from a Slurm login node"));
        List<String> cmd = new ArrayList<>();
        cmd.add(scancel.toString());
        cmd.addAll(jobIds);
        Result r = run(cmd, null);
        return r.ok() ? Optional.empty() : Optional.of(r.err().strip());
    }

    private static final Pattern ARRAY = Pattern.compile("(\\d+)_\\[([^\\]]*)\\]");

    /** Parses {@code id|STATE} lines; expands pending array ranges such as {@code 12_[1-3,7%2]}. */
    static void parseStates(String out, Map<String, String> into) {
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\|");
            if (f.length < 2 || f[0].isBlank()) continue;
            String id = f[0].strip();
            String state = f[1].strip().split(" ")[0];        // sacct: "CANCELLED by 0"
            Matcher m = ARRAY.matcher(id);
            if (m.matches()) {
                String spec = m.group(2).split("%")[0];
                for (String part : spec.split(",")) {
                    if (part.isBlank()) continue;
                    String[] ab = part.split("-");
                    int a = Integer.parseInt(ab[0].strip());
                    int b = ab.length > 1 ? Integer.parseInt(ab[1].strip()) : a;
                    for (int i = a; i <= b; i++) into.put(m.group(1) + "_" + i, state);
                }
            } else {
                into.put(id, state);
            }
        }
    }

    static Result run(List<String> cmd, Path workDir) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workDir != null) pb.directory(workDir.toFile());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
