package dev.hass.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.hass.study.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A checkpoint is a directory with {@value #PARAMETERS} (DJL's parameter stream of the zoo block) and
 * {@value #METADATA} ({@link CheckpointMetadata}).
 */
public final class Checkpoints {
    public static final String PARAMETERS = "parameters.bin";
    public static final String METADATA = "metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    /** A model loaded from disk with its metadata. */
    public record Loaded(ZooModel model, CheckpointMetadata metadata) {}

    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(PARAMETERS)) || Files.exists(dir.resolve(METADATA));
    }

    /** Refuses to overwrite unless {@code force}. */
    public static void checkWritable(Path dir, boolean force) {
        if (exists(dir) && !force) {
            throw new CheckpointException("checkpoint " + dir + " already exists; pass --force to overwrite it");
        }
    }

    /** Writes the parameters and metadata, each atomically ({@link AtomicFiles}): a killed training leaves no half file. */
    public static void save(Path dir, ZooModel model, CheckpointMetadata meta, boolean force) {
        checkWritable(dir, force);
        try {
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(params)) {
                model.block().saveParameters(out);
            }
            AtomicFiles.write(dir.resolve(PARAMETERS), params.toByteArray());
            AtomicFiles.write(dir.resolve(METADATA), JSON.writeValueAsBytes(meta));
        } catch (IOException e) {
            throw new CheckpointException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of the checkpoint's {@value #PARAMETERS}, in hex: which trained weights a result measured (training is
     * deterministic for a build and seed, so the same hash means the same model).
     */
    public static String fingerprint(Path dir) {
        Path params = dir.resolve(PARAMETERS);
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(params), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + params + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every Java platform has SHA-256
        }
    }

    public static CheckpointMetadata readMetadata(Path dir) {
        Path m = dir.resolve(METADATA);
        if (!Files.isRegularFile(m) || !Files.isRegularFile(dir.resolve(PARAMETERS))) {
            throw new CheckpointException("no checkpoint at " + dir + " (needs " + PARAMETERS + " and " + METADATA
                    + "); train one first with `hass train EXPERIMENT.json`");
        }
        try {
            return JSON.readValue(m.toFile(), CheckpointMetadata.class);
        } catch (IOException e) {
            throw new CheckpointException(m + ": not valid checkpoint metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the checkpoint into a freshly built model in {@code manager}. {@code architecture} (may be null)
     * must match the checkpoint's.
     */
    public static Loaded load(Path dir, String architecture, NDManager manager) {
        CheckpointMetadata meta = readMetadata(dir);
        if (architecture != null && !architecture.equals(meta.architecture())) {
            throw new CheckpointException("checkpoint " + dir + " holds a '" + meta.architecture()
                    + "' model, but the experiment asks for '" + architecture + "'");
        }
        // a fused repvgg_small (written by `hass transform --fuse`) is stored in its deploy form
        ZooModel model = ("deploy".equals(meta.form()) && "repvgg_small".equals(meta.architecture())
                ? Zoo.repvgg(true) : Zoo.build(meta.architecture())).initialize(manager);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMETERS))))) {
            model.block().loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new CheckpointException("cannot read " + dir.resolve(PARAMETERS) + ": " + e.getMessage(), e);
        }
        // loaded arrays are plain tensors: make the trainable ones leaves that collect gradients again
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
        }
        return new Loaded(model, meta);
    }
}
