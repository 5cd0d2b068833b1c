package dev.hass.nn;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTest {
    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        for (int x : dims) d.writeInt(x);
        d.write(payload);
        return b.toByteArray();
    }

    static void gz(Path p, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(content);
        }
    }

    /** A valid set: n images where pixel i of image k is (k*7+i) mod 256, labels k mod 10. */
    void writeValid(String images, String labels, int n) throws IOException {
        byte[] px = new byte[n * 784];
        for (int k = 0; k < n; k++) for (int i = 0; i < 784; i++) px[k * 784 + i] = (byte) ((k * 7 + i) % 256);
        byte[] lab = new byte[n];
        for (int k = 0; k < n; k++) lab[k] = (byte) (k % 10);
        gz(dir.resolve(images), idx(0x803, new int[]{n, 28, 28}, px));
        gz(dir.resolve(labels), idx(0x801, new int[]{n}, lab));
    }

    @Test
    void readsValidFilesAndScalesPixels() throws IOException {
        writeValid("i.gz", "l.gz", 3);
        Images im = FashionMnist.read(dir.resolve("i.gz"), dir.resolve("l.gz"));
        assertEquals(3, im.count());
        assertArrayEquals(new int[]{0, 1, 2}, im.labels());
        assertEquals(((2 * 7 + 5) % 256) / 255f, im.pixels()[2 * 784 + 5], 0f);
        assertEquals(255 / 255f, im.pixels()[255], 0f);
    }

    @Test
    void loadsADirectoryAndFingerprintsIt() throws IOException {
        writeValid(FashionMnist.FILES[0], FashionMnist.FILES[1], 5);
        writeValid(FashionMnist.FILES[2], FashionMnist.FILES[3], 2);
        FashionMnist a = FashionMnist.load(dir);
        assertEquals(5, a.train().count());
        assertEquals(2, a.test().count());
        assertTrue(a.fingerprint().matches("[0-9a-f]{64}"));
        writeValid(FashionMnist.FILES[2], FashionMnist.FILES[3], 3);
        assertNotEquals(a.fingerprint(), FashionMnist.load(dir).fingerprint(), "other bytes, other fingerprint");
    }

    @Test
    void missingFileNamesThePathAndTheInstallCommand() {
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve(FashionMnist.FILES[0]).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void corruptGzipIsAClearError() throws IOException {
        writeValid("i.gz", "l.gz", 2);
        byte[] good = Files.readAllBytes(dir.resolve("i.gz"));
        byte[] bad = good.clone();
        for (int i = 20; i < bad.length - 8; i++) bad[i] ^= 0x5a; // keep the header, scramble the deflate stream
        Files.write(dir.resolve("i.gz"), bad);
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.read(dir.resolve("i.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("i.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void notGzipAtAllIsAClearError() throws IOException {
        Files.write(dir.resolve("i.gz"), "this is plain text, not gzip".getBytes());
        writeValid("x.gz", "l.gz", 1);
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.read(dir.resolve("i.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("not a gzip file"), e.getMessage());
    }

    @Test
    void wrongMagicIsAClearError() throws IOException {
        writeValid("i.gz", "l.gz", 2);
        // label file given where images are expected
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.read(dir.resolve("l.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("bad IDX magic 0x801") && e.getMessage().contains("0x803"), e.getMessage());
    }

    @Test
    void truncatedPayloadAndHeaderAreClearErrors() throws IOException {
        gz(dir.resolve("i.gz"), idx(0x803, new int[]{3, 28, 28}, new byte[2 * 784 + 10]));
        writeValid("x.gz", "l.gz", 3);
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.read(dir.resolve("i.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("3×28×28"), e.getMessage());
        gz(dir.resolve("h.gz"), new byte[]{0, 0, 8, 3, 0, 0});
        e = assertThrows(DatasetException.class, () -> FashionMnist.read(dir.resolve("h.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("header"), e.getMessage());
        // a gzip file cut in the middle of its stream
        writeValid("c.gz", "l.gz", 3);
        byte[] whole = Files.readAllBytes(dir.resolve("c.gz"));
        Files.write(dir.resolve("c.gz"), Arrays.copyOf(whole, whole.length / 2));
        e = assertThrows(DatasetException.class, () -> FashionMnist.read(dir.resolve("c.gz"), dir.resolve("l.gz")));
        assertTrue(e.getMessage().contains("c.gz"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeValid("i.gz", "l.gz", 3);
        writeValid("i2.gz", "l2.gz", 4);
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.read(dir.resolve("i.gz"), dir.resolve("l2.gz")));
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("4 labels"), e.getMessage());
    }

    @Test
    @Tag("slow") // reads all 70 000 real images; the reader itself is covered by the small files above
    void theInstalledDatasetHasTheKnownShape() {
        Path d = FashionMnist.resolveDir(null);
        assumeTrue(Files.isRegularFile(d.resolve(FashionMnist.FILES[0])), "Fashion-MNIST not installed at " + d);
        FashionMnist f = FashionMnist.load(d);
        assertEquals(60000, f.train().count());
        assertEquals(10000, f.test().count());
        int[] perClass = new int[10];
        for (int l : f.test().labels()) perClass[l]++;
        for (int c : perClass) assertEquals(1000, c);
    }

    @Test
    void splitsAreDeterministicDisjointAndCover() {
        Splits a = Splits.of(1000, 50, 100, 42), b = Splits.of(1000, 50, 100, 42), c = Splits.of(1000, 50, 100, 43);
        assertArrayEquals(a.calibration(), b.calibration());
        assertArrayEquals(a.validation(), b.validation());
        assertArrayEquals(a.train(), b.train());
        assertFalse(Arrays.equals(a.validation(), c.validation()), "another seed, another split");
        assertEquals(50, a.calibration().length);
        assertEquals(100, a.validation().length);
        assertEquals(850, a.train().length);
        Set<Integer> all = new HashSet<>();
        for (int[] part : new int[][]{a.train(), a.calibration(), a.validation()}) for (int i : part) assertTrue(all.add(i), "index " + i + " twice");
        assertEquals(1000, all.size());
        assertThrows(IllegalArgumentException.class, () -> Splits.of(100, 60, 40, 1));
    }
}
