package dev.hass.nn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The one trained LeNet-5 that the tests needing "a trained model" share: trained once on the first
 * {@value #TRAIN_IMAGES} Fashion-MNIST training images and cached under {@code target/test-models/}, so a
 * Maven run trains it at most once (surefire and failsafe share it). The cache key covers the training
 * configuration, the data set's fingerprint and the compiled {@code dev.hass.nn} classes, so a change to
 * the training code trains afresh. Treat the checkpoint as read-only: copy it to change it.
 */
public final class TrainedLenet5 {
    public static final String ARCHITECTURE = "lenet5";
    public static final int TRAIN_IMAGES = 6000, TEST_IMAGES = 2000, CAL = 200, VAL = 500, EPOCHS = 2, BATCH = 64;
    public static final double LEARNING_RATE = 3e-3;
    public static final long SEED = 11;

    private static Path checkpoint;
    private static FashionMnist full;

    private TrainedLenet5() {}

    /** The installed Fashion-MNIST; skips the calling test with a message when it is absent. */
    public static synchronized FashionMnist full() {
        if (full == null) {
            Path dir = FashionMnist.resolveDir(null);
            assumeTrue(Files.isRegularFile(dir.resolve(FashionMnist.FILES[0])),
                    "Fashion-MNIST not installed at " + dir + " (apt-get install dataset-fashion-mnist)");
            full = FashionMnist.load(dir);
        }
        return full;
    }

    /** The subset the model was trained on (its calibration/validation splits come from this). */
    public static FashionMnist data() {
        FashionMnist f = full();
        return new FashionMnist(f.train().head(TRAIN_IMAGES), f.test().head(TEST_IMAGES), f.fingerprint(), f.dir());
    }

    public static TrainingConfig config(Path dir) {
        return new TrainingConfig(ARCHITECTURE, dir, full().dir(), EPOCHS, BATCH, LEARNING_RATE, SEED, CAL, VAL, false);
    }

    /** The checkpoint directory (parameters.bin + metadata.json), trained on first use. */
    public static synchronized Path checkpoint() {
        if (checkpoint != null) return checkpoint;
        FashionMnist data = data();
        Path root = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("test-models");
        Path dir = root.resolve(ARCHITECTURE + "-" + key(data.fingerprint()));
        if (!Checkpoints.exists(dir)) {
            try {
                Files.createDirectories(root);
                Path tmp = Files.createTempDirectory(root, ".training-");
                Path inTmp = tmp.resolve(ARCHITECTURE);
                ModelTrainer.train(config(inTmp), data, TrainingProgress.NONE);
                try {
                    Files.move(inTmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another JVM finished first: use its model
                    if (!Checkpoints.exists(dir)) throw e;
                } catch (IOException e) {
                    if (!Checkpoints.exists(dir)) throw e; // a non-empty target is reported as a plain IOException
                } finally {
                    deleteTree(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        checkpoint = dir;
        return dir;
    }

    public static CheckpointMetadata metadata() {
        return Checkpoints.readMetadata(checkpoint());
    }

    /** SHA-256 over the configuration, the data and the compiled nn classes (the training code). */
    static String key(String dataFingerprint) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(config(Path.of("x")).toString().getBytes(StandardCharsets.UTF_8));
            md.update(("train=" + TRAIN_IMAGES + ",test=" + TEST_IMAGES + ",data=" + dataFingerprint).getBytes(StandardCharsets.UTF_8));
            Path classes = Path.of(ModelTrainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // the same bytes whether the tests run against target/classes (surefire) or target/hass.jar (failsafe)
            TreeMap<String, byte[]> nn = new TreeMap<>();
            if (Files.isDirectory(classes)) {
                Path dir = classes.resolve("dev/hass/nn");
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        nn.put(classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(classes.toFile())) {
                    for (ZipEntry e : Collections.list(jar.entries())) {
                        if (e.isDirectory() || !e.getName().startsWith("dev/hass/nn/")) continue;
                        try (InputStream in = jar.getInputStream(e)) {
                            nn.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
            if (nn.isEmpty()) throw new IllegalStateException("no dev/hass/nn classes found in " + classes);
            nn.forEach((name, bytes) -> {
                md.update(name.getBytes(StandardCharsets.UTF_8));
                md.update(bytes);
            });
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
