package dev.hass.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Fashion-MNIST as shipped by Debian's {@code dataset-fashion-mnist}: four gzipped IDX files
 * (big-endian header: magic {@code 0x801} labels / {@code 0x803} images, counts, 28, 28).
 *
 * @param train       the 60 000 training images (splits are drawn from these, see {@link Splits})
 * @param test        the 10 000 test images (final numbers only)
 * @param fingerprint SHA-256 (hex) over the bytes of the four files, in the order of {@link #FILES}
 * @param dir         where the files were read from
 */
public record FashionMnist(Images train, Images test, String fingerprint, Path dir) {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String ENV = "HASS_FASHION_MNIST";
    public static final String[] FILES = {
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
    static final int LABEL_MAGIC = 0x801;
    static final int IMAGE_MAGIC = 0x803;

    /** The dataset directory: {@code configured} if non-null, else {@code $HASS_FASHION_MNIST}, else the Debian path. */
    public static Path resolveDir(Path configured) {
        if (configured != null) return configured;
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? Path.of(env) : DEFAULT_DIR;
    }

    /** Reads and checks all four files. */
    public static FashionMnist load(Path dir) {
        MessageDigest sha = sha256();
        for (String f : FILES) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new DatasetException("Fashion-MNIST file not found: " + p + " (install it with"
                        + " `apt-get install dataset-fashion-mnist`, or point the experiment's dataset path or $"
                        + ENV + " at a directory holding " + String.join(", ", FILES) + ")");
            }
            try {
                sha.update(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new DatasetException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }
        Images train = read(dir.resolve(FILES[0]), dir.resolve(FILES[1]));
        Images test = read(dir.resolve(FILES[2]), dir.resolve(FILES[3]));
        return new FashionMnist(train, test, HexFormat.of().formatHex(sha.digest()), dir);
    }

    /** Reads one image file and its label file and checks they agree. */
    public static Images read(Path imageFile, Path labelFile) {
        byte[] img = readIdx(imageFile, IMAGE_MAGIC, new int[]{-1, Images.SIDE, Images.SIDE});
        byte[] lab = readIdx(labelFile, LABEL_MAGIC, new int[]{-1});
        int n = lab.length;
        if (img.length != (long) n * Images.PIXELS) {
            throw new DatasetException(imageFile + " holds " + img.length / Images.PIXELS + " images but "
                    + labelFile + " holds " + n + " labels; they must match");
        }
        float[] px = new float[img.length];
        for (int i = 0; i < img.length; i++) px[i] = (img[i] & 0xff) / 255f;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = lab[i] & 0xff;
            if (labels[i] >= Images.CLASSES) {
                throw new DatasetException(labelFile + ": label " + labels[i] + " at index " + i + " is not a class 0..9");
            }
        }
        return new Images(px, labels);
    }

    /**
     * The payload of a gzipped IDX file of unsigned bytes. {@code dims[i] == -1} accepts any size;
     * other entries must match exactly.
     */
    static byte[] readIdx(Path p, int magic, int[] dims) {
        if (!Files.isRegularFile(p)) {
            throw new DatasetException("Fashion-MNIST file not found: " + p
                    + " (install it with `apt-get install dataset-fashion-mnist`)");
        }
        try (InputStream raw = Files.newInputStream(p);
             DataInputStream in = new DataInputStream(new BufferedInputStream(gunzip(p, raw), 1 << 16))) {
            int m = in.readInt();
            if (m != magic) {
                throw new DatasetException(p + ": bad IDX magic 0x" + Integer.toHexString(m) + ", expected 0x"
                        + Integer.toHexString(magic) + " (" + (magic == IMAGE_MAGIC ? "unsigned-byte images" : "unsigned-byte labels") + ")");
            }
            long count = 1;
            StringBuilder shape = new StringBuilder();
            for (int d = 0; d < dims.length; d++) {
                int size = in.readInt();
                if (size < 0 || (dims[d] >= 0 && size != dims[d])) {
                    throw new DatasetException(p + ": dimension " + d + " is " + size + ", expected " + (dims[d] >= 0 ? dims[d] : ">= 0"));
                }
                count *= size;
                shape.append(d == 0 ? "" : "×").append(size);
            }
            if (count > Integer.MAX_VALUE) throw new DatasetException(p + ": " + shape + " is too large");
            byte[] data = new byte[(int) count];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new DatasetException(p + ": truncated: the header promises " + shape + " = " + count
                        + " bytes of data but the file ends early", e);
            }
            return data;
        } catch (EOFException e) {
            throw new DatasetException(p + ": truncated: the file ends inside the IDX header", e);
        } catch (ZipException e) {
            throw new DatasetException(p + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static InputStream gunzip(Path p, InputStream raw) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException e) {
            throw new DatasetException(p + ": not a gzip file (" + e.getMessage() + "); expected a gzipped IDX file", e);
        } catch (EOFException e) {
            throw new DatasetException(p + ": not a gzip file (empty or shorter than a gzip header)", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
