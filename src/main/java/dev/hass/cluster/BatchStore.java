package dev.hass.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hass.study.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code tasks.json}; writes are atomic (temp file, then rename). */
public final class BatchStore {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BatchStore() {}

    /** Reads a batch folder's manifest; a missing, unreadable or foreign-version one is bad input. */
    public static Batch read(Path batchDir) {
        Path f = batchDir.resolve(Batch.MANIFEST);
        if (!Files.isDirectory(batchDir)) {
            throw new BatchInputException(batchDir + ": no such batch folder (expected results/batches/<id>/ written by 'hass submit')");
        }
        if (!Files.isRegularFile(f)) {
            throw new BatchInputException(f + ": missing; " + batchDir + " is not a batch folder written by 'hass submit'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(f.toFile());
        } catch (JsonProcessingException e) {
            throw new BatchInputException(f + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode format = root == null ? null : root.get("format");
        if (format == null || !format.canConvertToInt()) {
            throw new BatchInputException(f + ": $.format is " + (format == null ? "missing" : format)
                    + "; this hass reads batch format " + Batch.FORMAT);
        }
        if (format.asInt() != Batch.FORMAT) {
            throw new BatchInputException(f + ": $.format is " + format.asInt() + " but this hass reads only batch format "
                    + Batch.FORMAT + "; use the hass version that wrote it"
                    + (root.hasNonNull("hassVersion") ? " (" + root.get("hassVersion").asText() + ")" : "")
                    + " or submit the batch again");
        }
        try {
            Batch b = JSON.treeToValue(root, Batch.class);
            if (b.tasks() == null || b.tasks().isEmpty() || b.submissions() == null || b.hass() == null
                    || b.workDir() == null) {
                throw new BatchInputException(f + ": $.tasks, $.submissions, $.hass and $.workDir are required");
            }
            return b;
        } catch (JsonProcessingException e) {
            throw new BatchInputException(f + ": " + e.getOriginalMessage());
        }
    }

    public static void write(Path batchDir, Batch batch) {
        AtomicFiles.writeUnchecked(batchDir.resolve(Batch.MANIFEST), toJson(batch));
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
