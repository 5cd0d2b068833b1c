package dev.hass.workers;

import dev.hass.search.BatchScorer;
import dev.hass.search.Scorer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A worker's loop: claim a published candidate by creating its lease file (an atomic create: of several workers
 * exactly one succeeds), renew the lease every third of the lease time while scoring it, write the result
 * atomically, and go on until the coordinator writes {@code work/done}. A worker never touches the trial log or the
 * folder's lock. What it scores with is the caller's: the experiment's own scorer, built from
 * {@code work/experiment.json} ({@link #waitForQueue} first).
 */
public final class Worker {
    private static final long POLL_MILLIS = 20;

    private final Path work;
    private final String holder;
    private final Consumer<String> say;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hass-lease");
        t.setDaemon(true);
        return t;
    });

    /** @param holder how leases and results name this worker (e.g. {@code pid@host}, or a thread's name in tests) */
    public Worker(Path results, String holder, Consumer<String> say) {
        this.work = WorkFiles.work(results);
        this.holder = holder;
        this.say = say;
    }

    /** This process as {@code pid@host}. */
    public static String self() { return WorkFiles.self(); }

    /**
     * Waits until a coordinator has published its queue (or {@code stop} says to give up) and returns the lease time;
     * -1 when told to stop first.
     */
    public int waitForQueue(BooleanSupplier stop) throws IOException, InterruptedException {
        Path q = work.resolve(WorkFiles.QUEUE);
        while (!Files.isRegularFile(q)) {
            if (stop.getAsBoolean()) return -1;
            Thread.sleep(POLL_MILLIS * 4);
        }
        return WorkFiles.read(q, WorkFiles.Queue.class).leaseSeconds();
    }

    /** The experiment file the coordinator published for its workers. */
    public Path experimentFile() { return work.resolve(WorkFiles.EXPERIMENT); }

    /**
     * Claims and scores candidates until the coordinator is done or {@code stop} is true.
     *
     * @return the candidates this worker scored
     */
    public int run(Scorer scorer, int leaseSeconds, BooleanSupplier stop) throws InterruptedException {
        int scored = 0;
        long renew = Math.max(100, leaseSeconds * 1000L / 3);
        try {
            while (!Files.exists(work.resolve(WorkFiles.DONE)) && !stop.getAsBoolean()) {
                Claim c = claim();
                if (c == null) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> renew(c.lease()), renew, renew, TimeUnit.MILLISECONDS);
                BatchScorer.Scored s;
                try {
                    s = BatchScorer.scoreOne(scorer, c.candidate().params());
                } finally {
                    beat.cancel(false);
                }
                try {
                    WorkFiles.write(c.result(), WorkFiles.json(new WorkFiles.Result(s.score(), s.startedAt(), s.completedAt(), s.seconds(), holder)));
                    scored++;
                } catch (IOException e) {
                    // the coordinator moved on (its batch folder is gone): nothing is lost, the log is its business
                    say.accept("hass worker " + holder + ": cannot write " + c.result() + ": " + e.getMessage());
                }
            }
        } finally {
            heartbeat.shutdownNow();
        }
        return scored;
    }

    private record Claim(Path lease, Path result, WorkFiles.Candidate candidate) {}

    /** The first candidate (oldest batch, lowest index) without a result or a lease, claimed; null when there is none. */
    private Claim claim() {
        for (Path batch : list(work, true)) {
            for (Path f : list(batch, false)) {
                var m = WorkFiles.CANDIDATE_NAME.matcher(f.getFileName().toString());
                if (!m.matches()) continue;
                int i = Integer.parseInt(m.group(1));
                Path lease = WorkFiles.lease(batch, i), result = WorkFiles.result(batch, i);
                if (Files.exists(result) || Files.exists(lease)) continue;
                try {
                    Files.createFile(lease);
                } catch (FileAlreadyExistsException | NoSuchFileException e) {
                    continue;   // another worker was faster, or the batch is finished
                } catch (IOException e) {
                    say.accept("hass worker " + holder + ": cannot claim " + lease + ": " + e.getMessage());
                    continue;
                }
                try {
                    Files.writeString(lease, holder + "\n");
                    if (!Files.exists(result)) return new Claim(lease, result, WorkFiles.read(f, WorkFiles.Candidate.class));
                } catch (IOException e) {
                    // the batch folder went away under us: the coordinator has its answers
                }
            }
        }
        return null;
    }

    /** Renews a lease (its mtime) while it is still ours: a lease the coordinator re-issued to another worker is not. */
    private void renew(Path lease) {
        try {
            if (Files.readString(lease).strip().equals(holder)) Files.setLastModifiedTime(lease, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // gone: re-issued or finished
        }
    }

    /** Batch folders, or a batch's files, in order (b000001 before b000002; candidate 2 before 10). */
    private static List<Path> list(Path dir, boolean batches) {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        if (batches) {
            out.removeIf(p -> !WorkFiles.BATCH_NAME.matcher(p.getFileName().toString()).matches());
            out.sort(null);
        } else {
            out.removeIf(p -> !WorkFiles.CANDIDATE_NAME.matcher(p.getFileName().toString()).matches());
            out.sort((a, b) -> Integer.compare(index(a), index(b)));
        }
        return out;
    }

    private static int index(Path candidate) {
        String n = candidate.getFileName().toString();
        return Integer.parseInt(n.substring(0, n.length() - WorkFiles.CANDIDATE.length()));
    }
}
