package dev.hass.nn;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes real Fashion-MNIST images as an ImageFolder tree of grey PNGs (class folders {@code c0} … {@code c9}). */
public final class ImageFolderFixture {
    private ImageFolderFixture() {}

    /** Fashion-MNIST's test file, as shipped by Debian. */
    public static Images fashionTest() {
        return FashionMnist.read(FashionMnist.DEFAULT_DIR.resolve(FashionMnist.FILES[2]), FashionMnist.DEFAULT_DIR.resolve(FashionMnist.FILES[3]));
    }

    /** Writes images {@code from .. from+count} of {@code images} under {@code root/split/c<label>/NNNNN.png}. */
    public static void write(Images images, int from, int count, Path root, String split) {
        try {
            for (int i = from; i < from + count; i++) {
                int label = images.labels()[i];
                Path dir = root.resolve(split).resolve("c" + label);
                Files.createDirectories(dir);
                ImageIO.write(grey(images, i), "png", dir.resolve(String.format("%05d.png", i)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Image i as an 8-bit grey image (the IDX bytes exactly). */
    public static BufferedImage grey(Images images, int i) {
        BufferedImage img = new BufferedImage(Images.SIDE, Images.SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < Images.SIDE; y++) {
            for (int x = 0; x < Images.SIDE; x++) {
                img.getRaster().setSample(x, y, 0, Math.round(images.pixels()[i * Images.PIXELS + y * Images.SIDE + x] * 255f));
            }
        }
        return img;
    }

    /**
     * The file order {@link ImageFolder} reads a split in: by class, then by file name; the indices into
     * {@code images} of images {@code from .. from+count}.
     */
    public static int[] order(Images images, int from, int count) {
        return java.util.stream.IntStream.range(from, from + count).boxed()
                .sorted(java.util.Comparator.<Integer>comparingInt(i -> images.labels()[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }
}
