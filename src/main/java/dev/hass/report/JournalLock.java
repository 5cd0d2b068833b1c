package dev.hass.report;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    public static JournalLock acquire(Path file) throws IOException {
        Path lock = lockPath(file);
        long ms = 1;
        while (true) {
            try {
                try {
                    Files.createSymbolicLink(lock, file.toAbsolutePath());
                } catch (UnsupportedOperationException e) {
                    Files.createFile(lock); // O_CREAT|O_EXCL, Optuna's JournalFileOpenLock
                }
                return new JournalLock(lock);
            } catch (FileAlreadyExistsException e) {
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

    @Override
    public void close() throws IOException {
        Path renamed = lock.resolveSibling(lock.getFileName() + UUID.randomUUID().toString() + ".rename");
        Files.move(lock, renamed, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(renamed);
    }
}
