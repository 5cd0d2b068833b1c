package dev.hass.study;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only trial log ({@code trials.jsonl}): every finished trial is one line, written and
 * fsynced before the search goes on, so a killed run loses nothing. Reading is a replay that
 * tolerates a torn last line (the write that was interrupted) and drops it. The only reader and writer of the
 * file: search, report, export, batch collect and reproduce all read it here.
 */
public final class TrialLog implements AutoCloseable {
    /** {@link ResultsFiles#TRIALS}, under the name the search knows it by. */
    public static final String FILE = ResultsFiles.TRIALS;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final FileChannel channel;

    private TrialLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating if needed) the log for appending, first cutting off a torn last line. */
    public static TrialLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        truncateTornTail(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new TrialLog(file, ch);
    }

    public Path file() { return file; }

    /** Appends one trial as a line and forces it to disk. */
    public synchronized void append(Trial trial) throws IOException {
        byte[] line = (JSON.writeValueAsString(trial) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
    }

    /** All complete lines of the log, in order; a missing file is an empty log. */
    public static List<Trial> read(Path file) throws IOException {
        List<Trial> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean endsWithNewline = endsWithNewline(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            boolean last = i == lines.size() - 1;
            try {
                out.add(JSON.readValue(line, Trial.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                if (last && !endsWithNewline) break; // torn write of a killed run
                throw new CorruptLogException(file + ":" + (i + 1) + ": not a trial (" + e.getOriginalMessage().lines().findFirst().orElse("")
                        + "); only a torn last line is repaired, a damaged line with trials after it is not: restore the file, "
                        + "or start a new results folder", e);
            }
        }
        return out;
    }

    /**
     * A line of the log that is not a trial and is not the torn last write of a killed run: the file was damaged
     * or edited. Search, report and export refuse it alike (exit 2, {@code file:line}); guessing past it could
     * renumber or lose trials.
     */
    public static final class CorruptLogException extends IOException {
        CorruptLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static String toJson(Trial t) {
        try {
            return JSON.writeValueAsString(t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) return true;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, ch.size() - 1);
            return b.get(0) == '\n';
        }
    }

    private static void truncateTornTail(Path file) throws IOException {
        if (!Files.exists(file) || endsWithNewline(file)) return;
        byte[] all = Files.readAllBytes(file);
        int keep = all.length;
        while (keep > 0 && all[keep - 1] != '\n') keep--;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(keep);
            ch.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
