package dev.hass.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One writer per results folder: an OS lock ({@link FileChannel#tryLock}) on {@value #FILE} in the folder,
 * held until {@link #close}. The kernel drops it when the holder dies, even on kill -9, so a lock file left
 * behind by a dead process never blocks; its content ({@code pid@host}) only names the holder in the message
 * a second writer gets.
 *
 * <p>Re-entrant for the thread that holds it (the CLI takes it before training, the runner again inside), refused
 * for any other thread or process. The lock file is never deleted: deleting it would let a third process lock a
 * fresh file while a second one still holds the old, unlinked one.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = ".hass.lock";

    /** Locks held by this JVM, by folder: a second channel on the file would drop the POSIX lock when closed. */
    private static final Map<Path, FolderLock> HELD = new HashMap<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread owner;
    private int depth = 1;

    private FolderLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.owner = Thread.currentThread();
    }

    /**
     * Creates the folder if needed and locks it.
     *
     * @throws ResultsFolderException when another process or thread holds it, or the folder cannot be written
     */
    public static FolderLock acquire(Path folder) {
        Path dir = writableFolder(folder);
        synchronized (HELD) {
            FolderLock mine = HELD.get(dir);
            if (mine != null) {
                if (mine.owner != Thread.currentThread()) throw held(folder, self());
                mine.depth++;
                return mine;
            }
            FileChannel ch = null;
            try {
                ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock l = ch.tryLock();
                if (l == null) {
                    String holder = holder(ch);
                    ch.close();
                    throw held(folder, holder);
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap((self() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
                FolderLock fl = new FolderLock(dir, ch, l);
                HELD.put(dir, fl);
                return fl;
            } catch (IOException e) {
                closeQuietly(ch);
                throw new ResultsFolderException(folder + ": cannot lock the results folder (" + FILE + "): " + reason(e));
            }
        }
    }

    /** The folder, created if missing, as a real path; a clear refusal when it cannot be created or written. */
    static Path writableFolder(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ResultsFolderException(folder + ": is a file, not a results folder; choose a folder with --out");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ResultsFolderException(folder + ": cannot create the results folder: " + reason(e)
                    + "; choose a writable folder with --out");
        }
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new ResultsFolderException(folder + ": the results folder is not writable; choose a writable folder with --out");
        }
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a refused writer is told: who holds the folder, and that the lock goes away with its holder. */
    private static ResultsFolderException held(Path folder, String holder) {
        return new ResultsFolderException(folder + " is in use by another search (" + (holder.isEmpty() ? "a process starting up" : holder)
                + "); one search writes a results folder at a time: wait for it to finish, or use another --out");
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
    }

    /** {@code pid@host}: enough to find the holder with ps or squeue. */
    static String self() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown-host";
            }
        }
        return ProcessHandle.current().pid() + "@" + host;
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing held yet
        }
    }

    public Path folder() { return dir; }

    /** Releases one hold; the last release unlocks (the file stays, emptied: it names no holder). */
    @Override
    public void close() {
        synchronized (HELD) {
            if (--depth > 0) return;
            HELD.remove(dir);
            try {
                channel.truncate(0);
                lock.release();
            } catch (IOException ignored) {
                // closing the channel below releases the lock anyway
            } finally {
                closeQuietly(channel);
            }
        }
    }
}
