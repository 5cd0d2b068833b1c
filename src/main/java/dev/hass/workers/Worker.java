package dev.hass.workers;

import dev.hass.search.BatchScorer;
import dev.hass.search.Scorer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * atomically, and go on until the coordinator writes {@code work/done} naming its queue. A worker never touches the
 * trial log or the folder's lock. What it scores with is the caller's: the experiment's own scorer, built from
 * {@code work/experiment.json} ({@link #awaitQueue} first).
 *
 * <p>Start-up order does not matter: a worker may start before its coordinator (a Slurm array next to the
 * coordinator's job) and waits for a <em>live</em> queue: {@code work/queue.json} without a {@code work/done} naming
 * it, renewed by its coordinator within the lease time. So what an earlier run left in the folder neither stops nor
 * feeds a new worker. A worker keeps {@code work/workers/NAME.json} up to date for {@code hass batch status}.
 */
public final class Worker {
    private static final long POLL_MILLIS = 20;
    /**
     * An idle worker doubles its wait between looks at the queue up to this, and starts again at {@link #POLL_MILLIS}
     * after a claim: on a network file system, many idle workers would otherwise list the queue 50 times a second each.
     */
    static final long MAX_IDLE_POLL_MILLIS = 500;
    /** How often the heartbeat file is rewritten while waiting for a queue (then every third of the lease, at most this). */
    static final int MAX_BEAT_SECONDS = 10;

    /** How serving a queue ended. */
    public enum Ending {
        /** the coordinator wrote its done marker */
        DONE,
        /** the caller's stop condition */
        STOPPED,
        /** the coordinator stopped renewing its queue, or another coordinator replaced it: wait for the next one */
        COORDINATOR_GONE
    }

    /** A live queue: its id and lease. */
    public record Queue(String id, int leaseSeconds) {}

    private final Path work;
    private final String name;
    private final String holder;
    private final Consumer<String> say;
    private final String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hass-lease");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> beat;
    private String state = "waiting", candidate, queue;
    private int scored, beatSeconds = MAX_BEAT_SECONDS;

    /** @param holder how leases and results name this worker (e.g. {@code pid@host}, or a thread's name in tests); also its name */
    public Worker(Path results, String holder, Consumer<String> say) {
        this(results, holder, holder, say);
    }

    /**
     * @param name   the worker's name in {@code work/workers/} and in status ({@code local-0}, a Slurm array task {@code 123_4})
     * @param holder how leases and results name this worker ({@code pid@host})
     */
    public Worker(Path results, String name, String holder, Consumer<String> say) {
        if (!name.matches("[A-Za-z0-9_.@-]+")) throw new IllegalArgumentException("worker name '" + name + "': allowed are letters, digits, '_', '.', '@', '-'");
        this.work = WorkFiles.work(results);
        this.name = name;
        this.holder = holder;
        this.say = say;
    }

    /** This process as {@code pid@host}. */
    public static String self() { return WorkFiles.self(); }

    /**
     * Waits for a live queue: published, not done, renewed by its coordinator within the lease. Returns null when
     * {@code stop} says so or {@code wait} passes first.
     */
    public Queue awaitQueue(BooleanSupplier stop, Duration wait) throws IOException, InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        setState("waiting", null, null, MAX_BEAT_SECONDS);
        while (true) {
            Queue q = live();
            if (q != null) {
                setState("idle", null, q.id(), (int) Math.max(1, Math.min(MAX_BEAT_SECONDS, q.leaseSeconds() / 3)));
                return q;
            }
            if (stop.getAsBoolean() || System.nanoTime() > end) return null;
            Thread.sleep(POLL_MILLIS * 5);
        }
    }

    /** The published queue when its coordinator is alive and not done, else null. */
    private Queue live() throws IOException {
        Path f = work.resolve(WorkFiles.QUEUE);
        WorkFiles.Queue q;
        long age;
        try {
            q = WorkFiles.read(f, WorkFiles.Queue.class);
            age = System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis();
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;   // a queue file of an older hass, or one being replaced
        }
        if (q.id() == null || age > q.leaseSeconds() * 1000L || done(q.id())) return null;
        return new Queue(q.id(), q.leaseSeconds());
    }

    private boolean done(String id) {
        try {
            return Files.readString(work.resolve(WorkFiles.DONE)).strip().equals(id);
        } catch (IOException e) {
            return false;
        }
    }

    /** The experiment file the coordinator published for its workers. */
    public Path experimentFile() { return work.resolve(WorkFiles.EXPERIMENT); }

    /**
     * Claims and scores candidates of the published queue until its coordinator is done or gone, or {@code stop} is
     * true (for callers that waited with {@link #awaitQueue}); then the worker has {@link #exited}.
     *
     * @return the candidates this worker scored
     */
    public int run(Scorer scorer, BooleanSupplier stop) throws InterruptedException, IOException {
        try {
            Queue q = live();
            if (q != null) serve(scorer, q, stop);
            return scored();
        } finally {
            exited();
        }
    }

    /** Claims and scores candidates of queue {@code q} until it is done, its coordinator is gone, or {@code stop}. */
    public Ending serve(Scorer scorer, Queue q, BooleanSupplier stop) throws InterruptedException {
        long renew = Math.max(100, q.leaseSeconds() * 1000L / 3);
        Path queueFile = work.resolve(WorkFiles.QUEUE);
        long checked = 0, idle = POLL_MILLIS;
        while (true) {
            if (done(q.id())) return Ending.DONE;
            if (stop.getAsBoolean()) return Ending.STOPPED;
            if (System.nanoTime() - checked > 1_000_000_000L) {   // once a second: is the coordinator still there?
                checked = System.nanoTime();
                if (!stillLive(queueFile, q)) return Ending.COORDINATOR_GONE;
            }
            Claim c = claim();
            if (c == null) {
                Thread.sleep(idle);
                idle = Math.min(MAX_IDLE_POLL_MILLIS, idle * 2);
                continue;
            }
            idle = POLL_MILLIS;
            String what = c.lease().getParent().getFileName() + "/" + c.lease().getFileName().toString().replace(WorkFiles.LEASE, "");
            setState("scoring", what, q.id(), beatSeconds);
            ScheduledFuture<?> lease = heartbeat.scheduleAtFixedRate(() -> renew(c.lease()), renew, renew, TimeUnit.MILLISECONDS);
            BatchScorer.Scored s;
            try {
                s = BatchScorer.scoreOne(scorer, c.candidate().params());
            } finally {
                lease.cancel(false);
            }
            try {
                WorkFiles.write(c.result(), WorkFiles.json(new WorkFiles.Result(s.score(), s.startedAt(), s.completedAt(), s.seconds(), holder)));
                synchronized (this) {
                    scored++;
                }
            } catch (IOException e) {
                // the coordinator moved on (its batch folder is gone): nothing is lost, the log is its business
                say.accept("hass worker " + name + ": cannot write " + c.result() + ": " + e.getMessage());
            }
            setState("idle", null, q.id(), beatSeconds);
        }
    }

    private static boolean stillLive(Path queueFile, Queue q) {
        try {
            WorkFiles.Queue now = WorkFiles.read(queueFile, WorkFiles.Queue.class);
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(queueFile).toMillis();
            return q.id().equals(now.id()) && age <= q.leaseSeconds() * 1000L;
        } catch (IOException e) {
            return false;   // gone: a new coordinator is emptying the folder
        }
    }

    /** Candidates scored so far. */
    public synchronized int scored() { return scored; }

    /**
     * Marks this worker as exited in its heartbeat file and stops renewing it (also on SIGTERM, from a shutdown hook);
     * a candidate it was scoring stays named: its lease runs out and it is issued again.
     */
    public void exited() {
        heartbeat.shutdownNow();
        synchronized (this) {
            if (!"scoring".equals(state)) candidate = null;
            state = "exited";
            writeHeartbeat();
        }
    }

    /**
     * After {@link #exited}: deletes this worker's heartbeat file and the folders made for it (work/workers/, work/, the
     * results folder), each only if nothing else is in it; for a worker whose folder never became a coordinator's.
     */
    public void removeTraces() {
        Path f = WorkFiles.heartbeat(work, name);
        try {
            Files.deleteIfExists(f);
            for (Path d : List.of(f.getParent(), work, work.getParent())) Files.deleteIfExists(d);
        } catch (IOException ignored) {
            // not empty after all (a coordinator came just now): leave it
        }
    }

    /** Sets the state, writes the heartbeat file, and renews it every {@code seconds} from now on. */
    private synchronized void setState(String state, String candidate, String queue, int seconds) {
        this.state = state;
        this.candidate = candidate;
        this.queue = queue;
        writeHeartbeat();
        if (beat == null || seconds != beatSeconds) {
            if (beat != null) beat.cancel(false);
            beatSeconds = seconds;
            if (!heartbeat.isShutdown()) beat = heartbeat.scheduleAtFixedRate(this::beat, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    private synchronized void beat() {
        writeHeartbeat();
    }

    private void writeHeartbeat() {
        Path f = WorkFiles.heartbeat(work, name);
        try {
            Files.createDirectories(f.getParent());
            WorkFiles.write(f, WorkFiles.json(new WorkFiles.Heartbeat(name, holder, state, candidate, scored, queue, beatSeconds, since)));
        } catch (IOException e) {
            // a coordinator is emptying work/: the next beat writes it again
        }
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
