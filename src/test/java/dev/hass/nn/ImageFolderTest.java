package dev.hass.nn;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

class ImageFolderTest {
    static Images test;

    @TempDir
    Path root;

    @BeforeAll
    static void data() {
        test = ImageFolderFixture.fashionTest();
    }

    @Test
    void fashionMnistPngsReadBackAsTheIdxPixelsInTorchvisionOrder() {
        ImageFolderFixture.write(test, 0, 200, root, "val");
        ImageFolderFixture.write(test, 200, 100, root, "calib");
        ImageFolder f = ImageFolder.load(root, ImageFolder.Transform.NONE);
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"), f.classes());
        ImageTensors v = f.validation();
        assertArrayEquals(new int[]{1, 28, 28}, f.imageShape());
        assertEquals(200, v.count());
        int[] order = ImageFolderFixture.order(test, 0, 200);
        for (int k = 0; k < order.length; k++) {
            assertEquals(test.labels()[order[k]], v.labels()[k], "label of image " + k);
            for (int p = 0; p < Images.PIXELS; p++) {
                assertEquals(test.pixels()[order[k] * Images.PIXELS + p], v.pixels()[k * Images.PIXELS + p], 0f, "pixel " + p + " of image " + k);
            }
        }
        assertSame(f.splits().get("calib"), f.calibration());
        assertEquals(100, f.calibration().count());
        assertNull(f.test());
    }

    @Test
    void classesAreTheSortedFolderNamesAndTrainIsTheCalibrationWithoutCalib() throws Exception {
        for (String split : List.of("val", "train")) {
            for (String c : List.of("zebra", "Apple", "mango")) {
                Path d = Files.createDirectories(root.resolve(split).resolve(c));
                ImageIO.write(ImageFolderFixture.grey(test, c.length()), "png", d.resolve("a.png").toFile());
            }
        }
        ImageFolder f = ImageFolder.load(root, ImageFolder.Transform.NONE);
        assertEquals(List.of("Apple", "mango", "zebra"), f.classes());   // String order, as Python's sorted()
        assertArrayEquals(new int[]{0, 1, 2}, f.validation().labels());
        assertSame(f.splits().get("train"), f.calibration());
    }

    @Test
    void normalisesAndResizesAsGivenAndColourMakesThreeChannels() throws Exception {
        Path d = Files.createDirectories(root.resolve("val/a"));
        BufferedImage rgb = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF8000);   // r 255, g 128, b 0
        ImageIO.write(rgb, "png", d.resolve("x.png").toFile());
        ImageFolder f = ImageFolder.load(root, new ImageFolder.Transform(new double[]{0.5, 0.5, 0.5}, new double[]{0.25, 0.5, 1}, null));
        ImageTensors v = f.validation();
        assertArrayEquals(new int[]{3, 2, 4}, f.imageShape());
        assertEquals((1f - 0.5f) / 0.25f, v.pixels()[0], 1e-6);           // channel r, (0,0)
        assertEquals((128 / 255f - 0.5f) / 0.5f, v.pixels()[8], 1e-6);    // channel g starts at 2×4
        assertEquals(-0.5f, v.pixels()[16], 1e-6);                         // channel b
        ImageFolder r = ImageFolder.load(root, new ImageFolder.Transform(new double[]{0}, new double[]{1}, new int[]{6, 8}));
        assertArrayEquals(new int[]{3, 6, 8}, r.imageShape());
        assertEquals(3 * 6 * 8, r.validation().pixels().length);
    }

    @Test
    void badTreesAreNamedErrors() throws Exception {
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.load(root, ImageFolder.Transform.NONE));
        assertTrue(e.getMessage().contains("no val/ folder"), e.getMessage());

        Path a = Files.createDirectories(root.resolve("val/a"));
        Files.createDirectories(root.resolve("val/b"));
        ImageIO.write(ImageFolderFixture.grey(test, 0), "png", a.resolve("0.png").toFile());
        e = assertThrows(DatasetException.class, () -> ImageFolder.load(root, ImageFolder.Transform.NONE));
        assertTrue(e.getMessage().contains("val/b: class folder without images"), e.getMessage());

        Files.writeString(root.resolve("val/b/broken.png"), "not an image");
        e = assertThrows(DatasetException.class, () -> ImageFolder.load(root, ImageFolder.Transform.NONE));
        assertTrue(e.getMessage().contains("broken.png: unreadable image"), e.getMessage());

        Files.delete(root.resolve("val/b/broken.png"));
        ImageIO.write(new BufferedImage(10, 12, BufferedImage.TYPE_BYTE_GRAY), "png", root.resolve("val/b/small.png").toFile());
        e = assertThrows(DatasetException.class, () -> ImageFolder.load(root, ImageFolder.Transform.NONE));
        assertTrue(e.getMessage().contains("small.png: is 10×12 (W×H)") && e.getMessage().contains("dataset.size"), e.getMessage());
        // with a size the same tree loads
        assertEquals(2, ImageFolder.load(root, new ImageFolder.Transform(new double[]{0}, new double[]{1}, new int[]{28, 28})).validation().count());

        Files.createDirectories(root.resolve("test/a"));
        e = assertThrows(DatasetException.class, () -> ImageFolder.load(root, ImageFolder.Transform.NONE));
        assertTrue(e.getMessage().contains("test: has class folders [a] but val/ has [a, b]"), e.getMessage());
    }

    @Test
    void aLimitSamplesASplitBeforeDecodingSeededAndOfEveryClass() {
        ImageFolderFixture.write(test, 0, 300, root, "val");
        ImageFolder all = ImageFolder.load(root, ImageFolder.Transform.NONE);
        ImageFolder some = ImageFolder.load(root, ImageFolder.Transform.NONE, java.util.Map.of("val", 50), 7);
        assertEquals(300, all.validation().count());
        assertEquals(50, some.validation().count());
        assertEquals(some.validation().files(), ImageFolder.load(root, ImageFolder.Transform.NONE, java.util.Map.of("val", 50), 7).validation().files(),
                "the same seed samples the same files");
        assertNotEquals(some.validation().files(), ImageFolder.load(root, ImageFolder.Transform.NONE, java.util.Map.of("val", 50), 8).validation().files());
        assertTrue(java.util.Arrays.stream(some.validation().labels()).distinct().count() >= 8, "a sample of the classes, not the first ones");
        // each sampled image is the same tensor as in the full load
        for (int k = 0; k < 50; k++) {
            int i = all.validation().files().indexOf(some.validation().files().get(k));
            assertEquals(all.validation().labels()[i], some.validation().labels()[k]);
            assertArrayEquals(java.util.Arrays.copyOfRange(all.validation().pixels(), i * 784, i * 784 + 784),
                    java.util.Arrays.copyOfRange(some.validation().pixels(), k * 784, k * 784 + 784));
        }
    }
}
