package dev.hass.report;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.UUID;

/**
 * Optuna's journal file lock ({@code JournalFileSymlinkLock} / {@code JournalFileOpenLock}): the lock is the
 * path {@code <file>.lock}, taken by creating a symlink there (or, where symlinks are not supported, an
 * O_EXCL file; both fail when either exists, so they exclude each other); on contention sleep 1 ms doubling
 * to 1 s; release by renaming the lock to a unique name and deleting that, so a release never removes a
 * lock someone else took meanwhile.
 */
public final class JournalLock implements AutoCloseable {
    private final Path lock;

    private JournalLock(Path lock) {
        this.lock = lock;
    }

    public static Path lockPath(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /** Optuna 4.3+'s default: a lock whose mtime has not changed for this long belongs to a dead writer. */
    public static final Duration GRACE = Duration.ofSeconds(30);

    public static JournalLock acquire(Path file) throws IOException {
        return acquire(file, GRACE);
    }

    /**
     * Takes the lock, waiting as Optuna does. Like Optuna 4.3+, a lock whose mtime stays the same for
     * {@code grace} is taken to be left by a crashed writer and released (Optuna 3.1-4.2 would wait forever).
     */
    public static JournalLock acquire(Path file, Duration grace) throws IOException {
        Path lock = lockPath(file);
        long ms = 1;
        FileTime seen = null;
        long seenAt = 0;
        while (true) {
            try {
                try {
                    Files.createSymbolicLink(lock, file.toAbsolutePath());
                } catch (UnsupportedOperationException e) {
                    Files.createFile(lock); // O_CREAT|O_EXCL, Optuna's JournalFileOpenLock
                }
                return new JournalLock(lock);
            } catch (FileAlreadyExistsException e) {
                FileTime m = mtime(lock);
                if (m != null && !m.equals(seen)) {
                    seen = m;
                    seenAt = System.nanoTime();
                } else if (m != null && System.nanoTime() - seenAt >= grace.toNanos()) {
                    forceRelease(lock);
                    seen = null;
                    continue;
                }
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + lock, ie);
                }
                ms = Math.min(ms * 2, 1000);
            }
        }
    }

    private static FileTime mtime(Path lock) {
        try {
            return Files.getLastModifiedTime(lock, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // released meanwhile
        }
    }

    private static void forceRelease(Path lock) {
        Path renamed = lock.resolveSibling(lock.getFileName() + UUID.randomUUID().toString() + ".rename");
        try {
            Files.move(lock, renamed, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(renamed);
            System.err.println("hass: released a stale lock " + lock + " (unchanged for " + GRACE.toSeconds() + " s or more)");
        } catch (IOException e) {
            // someone else released or re-took it: just retry
        }
    }

    @Override
    public void close() throws IOException {
        Path renamed = lock.resolveSibling(lock.getFileName() + UUID.randomUUID().toString() + ".rename");
        Files.move(lock, renamed, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(renamed);
    }
}
