package dev.hass.workers;

import dev.hass.experiment.Experiment;
import dev.hass.experiment.Experiments;
import dev.hass.search.BatchScorer;
import dev.hass.search.HassEvaluation;
import dev.hass.search.Score;
import dev.hass.study.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The coordinator's side of the work queue: a {@link BatchScorer} that publishes a batch's candidates under
 * {@code work/}, waits until workers have answered all of them, and returns the answers in candidate order.
 *
 * <p>Faults: a lease whose file was not renewed for the lease time (its worker died or hangs) is deleted, so the
 * candidate is claimed again; a candidate whose scorer failed is issued once more (a worker's out-of-memory or a
 * lost GPU is not the candidate's fault). The second failure of either kind is the answer: a failed score with the
 * error, which the search logs as a FAIL trial and goes on.
 */
public final class WorkQueue implements BatchScorer, AutoCloseable {
    /** How often a candidate is tried before its failure is the answer. */
    public static final int ATTEMPTS = 2;
    /** The default lease: longer than any evaluation's pause between two renewals, short enough to notice a dead worker. */
    public static final int DEFAULT_LEASE_SECONDS = 600;
    private static final long POLL_MILLIS = 20;

    private final Path work;
    private final Duration lease;
    private final BooleanSupplier workersAlive;
    private final Consumer<String> say;
    private final String id = UUID.randomUUID().toString();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hass-queue-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private int batches;

    /**
     * Empties {@code work/} of the folder (what a killed coordinator left there is re-issued from the trial log) and
     * publishes the experiment and the lease for the workers. The caller holds the folder's lock.
     *
     * @param workersAlive false when no worker can answer any more (local workers all exited); null: not known
     *                     (Slurm workers), the queue waits
     */
    public WorkQueue(Path results, Experiment experiment, int leaseSeconds, BooleanSupplier workersAlive, Consumer<String> say)
            throws IOException {
        if (leaseSeconds < 1) throw new IllegalArgumentException("the lease must be at least 1 s, not " + leaseSeconds);
        this.work = WorkFiles.work(results);
        this.lease = Duration.ofSeconds(leaseSeconds);
        this.workersAlive = workersAlive;
        this.say = say;
        WorkFiles.deleteTree(work);
        Files.createDirectories(work.resolve(WorkFiles.LOGS));
        Experiments.write(experiment, work.resolve(WorkFiles.EXPERIMENT));
        // queue.json last: a worker waits for it, then finds the experiment
        Path queue = work.resolve(WorkFiles.QUEUE);
        AtomicFiles.write(queue, WorkFiles.json(new WorkFiles.Queue(id, leaseSeconds, WorkFiles.self())));
        // its mtime says the coordinator lives: workers take a queue not renewed for a lease for a dead coordinator's
        long beat = Math.max(100, leaseSeconds * 1000L / 3);
        heartbeat.scheduleAtFixedRate(() -> touch(queue), beat, beat, TimeUnit.MILLISECONDS);
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // the folder is being emptied by a newer coordinator: nothing to renew
        }
    }

    /** This coordinator's queue id (in {@code work/queue.json} and in its {@code work/done}). */
    public String id() { return id; }

    /** The queue folder of a results folder. */
    public static Path folder(Path results) { return WorkFiles.work(results); }

    @Override
    public List<Scored> scoreAll(List<Map<String, Double>> candidates) {
        try {
            return publishAndWait(candidates);
        } catch (IOException e) {
            throw new UncheckedIOException("work queue " + work + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the workers", e);
        }
    }

    private List<Scored> publishAndWait(List<Map<String, Double>> candidates) throws IOException, InterruptedException {
        Path batch = work.resolve(WorkFiles.batchName(++batches));
        Files.createDirectories(batch);
        for (int i = 0; i < candidates.size(); i++) {
            WorkFiles.write(WorkFiles.candidate(batch, i), WorkFiles.json(new WorkFiles.Candidate(candidates.get(i))));
        }
        Scored[] out = new Scored[candidates.size()];
        int[] failures = new int[candidates.size()];
        String[] lastError = new String[candidates.size()];
        int open = candidates.size();
        while (open > 0) {
            boolean moved = false;
            for (int i = 0; i < out.length; i++) {
                if (out[i] != null) continue;
                WorkFiles.Result r = readResult(batch, i);
                if (r != null) {
                    moved = true;
                    if (r.score().ok() || ++failures[i] >= ATTEMPTS) {
                        out[i] = new Scored(r.score(), r.startedAt(), r.completedAt(), r.seconds());
                        open--;
                    } else {
                        lastError[i] = r.score().error();
                        say.accept("hass: candidate " + i + " of " + batch.getFileName() + " failed on " + r.holder() + " (" + r.score().error()
                                + "): issued once more");
                        reissue(batch, i);
                    }
                } else if (expired(batch, i)) {
                    moved = true;
                    String holder = holder(batch, i);
                    String why = "worker " + holder + " stopped renewing its lease (" + lease.toSeconds() + " s)";
                    if (++failures[i] >= ATTEMPTS) {
                        String now = LocalDateTime.now().format(HassEvaluation.TIME);
                        String error = lastError[i] != null ? lastError[i] : "lost " + ATTEMPTS + " times: " + why;
                        out[i] = new Scored(Score.failed(error, 0, 0), now, now, 0);
                        open--;
                    } else {
                        say.accept("hass: candidate " + i + " of " + batch.getFileName() + ": " + why + ": issued again");
                        lastError[i] = null;
                        reissue(batch, i);
                    }
                }
            }
            if (open > 0 && !moved) {
                if (workersAlive != null && !workersAlive.getAsBoolean()) {
                    throw new IllegalStateException("no worker is running any more (see " + work.resolve(WorkFiles.LOGS)
                            + "); the trials so far are in the log: rerun the search to resume");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
        // renamed out of the workers' sight first: a worker listing it while files vanish one by one would see a
        // candidate without its result and lease, claim it and score it again for nothing
        Path finished = work.resolve(".finished-" + batch.getFileName());
        Files.move(batch, finished, StandardCopyOption.ATOMIC_MOVE);
        WorkFiles.deleteTree(finished);
        return Arrays.asList(out);
    }

    private static WorkFiles.Result readResult(Path batch, int i) throws IOException {
        Path f = WorkFiles.result(batch, i);
        try {
            return WorkFiles.read(f, WorkFiles.Result.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return null;
        }
    }

    private boolean expired(Path batch, int i) throws IOException {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(WorkFiles.lease(batch, i)).toMillis();
            return age > lease.toMillis();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static String holder(Path batch, int i) {
        try {
            return Files.readString(WorkFiles.lease(batch, i)).strip();
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    /** A worker skips a candidate that has a result or a lease, so it is claimed again only once both are gone. */
    private static void reissue(Path batch, int i) throws IOException {
        Files.deleteIfExists(WorkFiles.result(batch, i));
        Files.deleteIfExists(WorkFiles.lease(batch, i));
    }

    /** Tells the workers that the search is over: they exit. The marker names this queue, so a later run's workers ignore it. */
    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        AtomicFiles.write(work.resolve(WorkFiles.DONE), id + "\n");
    }

    /** Batches published so far (a measure for the docs' overhead figures). */
    public int batches() { return batches; }
}
