package dev.hass.workers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hass.search.Score;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of the work queue in a results folder, and its JSON records. Everything under {@value #DIR} belongs to
 * the current coordinator, which empties it when it starts (a resumed search re-issues from the trial log).
 *
 * <pre>
 * work/queue.json          the coordinator's settings for its workers (queue id, lease seconds, coordinator pid@host);
 *                          its mtime is the coordinator's heartbeat, renewed every third of the lease
 * work/experiment.json     the experiment the workers score (the coordinator's, resolved)
 * work/b000001/3.json      candidate 3 of batch 1 (its parameters)
 * work/b000001/3.lease     the claim: created atomically by one worker, its mtime renewed while it scores
 * work/b000001/3.result.json  the worker's score, written atomically
 * work/done                the coordinator finished: workers of the queue it names (its id) exit
 * work/workers/NAME.json   each worker's heartbeat: state, candidate, candidates scored (mtime renewed while alive)
 * work/logs/worker-K.log   output of local worker K
 * </pre>
 */
final class WorkFiles {
    static final String DIR = "work", QUEUE = "queue.json", EXPERIMENT = "experiment.json", DONE = "done", LOGS = "logs", WORKERS = "workers";
    static final String CANDIDATE = ".json", LEASE = ".lease", RESULT = ".result.json";
    /** A candidate file's name: its index in the batch. */
    static final Pattern CANDIDATE_NAME = Pattern.compile("(\\d+)\\.json");
    static final Pattern BATCH_NAME = Pattern.compile("b\\d{6}");
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private WorkFiles() {}

    /**
     * What the coordinator tells its workers.
     *
     * @param id a new one at every start of a coordinator: a {@code work/done} naming another id is an earlier run's
     */
    record Queue(String id, int leaseSeconds, String coordinator) {}

    /**
     * A worker's heartbeat file, rewritten when its state changes and every {@code beatSeconds} while it lives.
     *
     * @param state     {@code waiting} (no live queue yet), {@code idle}, {@code scoring} or {@code exited}
     * @param candidate what it scores ({@code b000003/2}), or, once exited, what it was scoring when it was stopped; or null
     * @param scored    candidates it has scored since it started
     */
    record Heartbeat(String name, String holder, String state, String candidate, int scored, String queue, int beatSeconds,
                     String since) {}

    /** One candidate to score. */
    record Candidate(Map<String, Double> params) {}

    /** A worker's answer: the score as {@link dev.hass.search.BatchScorer.Scored} has it, and who scored it. */
    record Result(Score score, String startedAt, String completedAt, double seconds, String holder) {}

    static Path work(Path results) { return results.resolve(DIR); }

    static Path heartbeat(Path work, String name) { return work.resolve(WORKERS).resolve(name + ".json"); }

    static String batchName(int n) { return String.format("b%06d", n); }

    static Path lease(Path batch, int i) { return batch.resolve(i + LEASE); }

    static Path result(Path batch, int i) { return batch.resolve(i + RESULT); }

    static Path candidate(Path batch, int i) { return batch.resolve(i + CANDIDATE); }

    /** This process as {@code pid@host}: what a lease and a result name as their holder. */
    static String self() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return ManagementFactory.getRuntimeMXBean().getPid() + "@" + host;
    }

    static <T> T read(Path file, Class<T> type) throws IOException {
        return JSON.readValue(file.toFile(), type);
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a queue file atomically (a temporary file moved over it: a reader sees all of it or nothing) but without
     * forcing it to disk: the queue is re-issued from the trial log after a crash, and an fsync per candidate and per
     * result would cost more than a short evaluation on a busy disk.
     */
    static void write(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try {
            Files.writeString(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes a folder and everything in it; a file another process deleted meanwhile is no error. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException ignored) {
                    // a worker wrote into it meanwhile (a late result): the next pass or the next start takes it
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) throw e.getCause();
        }
    }
}
