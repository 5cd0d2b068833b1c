package dev.hass.study;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a file so that readers see the old or the new content, never half: temp file, fsync, atomic rename.
 * The one such helper: reports, batch manifests and summaries, checkpoints and Optuna imports all write through it.
 *
 * <p>Permissions: every file of a results folder gets what the umask gives a new file, like {@code trials.jsonl}
 * (a group sharing a folder on a cluster reads the reports as it reads the log). The temp file therefore is
 * created with an unpredictable name and {@code CREATE_NEW}, not with {@link Files#createTempFile}, which makes it 0600.
 */
public final class AtomicFiles {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /**
     * Gives {@code path} the permissions the umask gives a new file or folder next to it (measured on a probe,
     * since Java cannot read the umask): for things built privately, such as a folder from
     * {@link Files#createTempDirectory}, before they are moved into place.
     */
    public static void useDefaultPermissions(Path path, boolean folder) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) return;
        Path probe = dir.resolve(".perm-probe-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
        try {
            if (folder) Files.createDirectory(probe);
            else Files.createFile(probe);
            Files.setPosixFilePermissions(path, Files.getPosixFilePermissions(probe));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Why a folder could not be created or written, or null when it could; unlike {@link #unwritable} it creates
     * nothing: it walks up to the nearest existing ancestor and asks whether that one is a writable folder.
     */
    public static String unwritableFolder(Path folder) {
        Path p = folder.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return folder + ": no existing parent folder";
        if (!Files.isDirectory(p)) return folder + ": " + p + " is a file, not a folder";
        if (!Files.isWritable(p)) return folder + ": the folder " + p + " is not writable";
        return null;
    }

    /**
     * Why {@code target} cannot be written (its folder cannot be created, or is not writable), or null when it can;
     * commands ask before their work so that the user hears it at once and in a sentence.
     */
    public static String unwritable(Path target) {
        Path dir = target.toAbsolutePath().normalize().getParent();
        if (dir == null) return target + ": cannot write at the file system root";
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
            return target + ": cannot create the folder " + dir + " (" + why + ")";
        }
        if (Files.isDirectory(target)) return target + ": is a folder; give a file name";
        if (!Files.isWritable(dir)) return target + ": the folder " + dir + " is not writable";
        return null;
    }

    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #write(Path, String)} for callers with no I/O to recover from: a failure names the file. */
    public static void writeUnchecked(Path target, String content) {
        try {
            write(target, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes only when the content differs, so an unchanged report keeps its bytes and its mtime. */
    public static boolean writeIfChanged(Path target, byte[] content) throws IOException {
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) return false;
        write(target, content);
        return true;
    }
}
