package dev.hass.export;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    @Test
    void headerIsVersion10PaddedTo64AndDataRoundTrips() throws IOException {
        Path f = dir.resolve("a.npy");
        float[] v = {1.5f, -2f, 0f, Float.MIN_VALUE, 3e38f, 7f};
        Npy.writeFloat32(f, new long[] {2, 3}, v);
        byte[] b = Files.readAllBytes(f);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + len) % 64);
        assertEquals('\n', b[10 + len - 1]);
        assertTrue(new String(b, 10, len, StandardCharsets.US_ASCII).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"));
        assertEquals(10 + len + 24, b.length);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(v, a.values());

        Npy.writeInt32(dir.resolve("l.npy"), new long[] {3}, new int[] {4, -1, 9});
        Npy.Array l = Npy.read(dir.resolve("l.npy"));
        assertEquals("<i4", l.dtype());
        assertArrayEquals(new long[] {3}, l.shape());
        assertArrayEquals(new float[] {4, -1, 9}, l.values());
        assertTrue(Files.readString(dir.resolve("l.npy"), StandardCharsets.ISO_8859_1).contains("'shape': (3,), }"));
    }

    @Test
    void integerArraysRoundTripExactly() throws IOException {
        Npy.writeInt16(dir.resolve("s.npy"), new long[] {2, 2}, new int[] {-32768, 32767, 0, -1});
        Npy.Ints s = Npy.readIntegers(dir.resolve("s.npy"));
        assertEquals("<i2", s.dtype());
        assertArrayEquals(new long[] {-32768, 32767, 0, -1}, s.values());
        assertEquals(0, (Files.size(dir.resolve("s.npy")) - 4 * 2) % 64, "a header padded to 64 bytes, then 2 bytes per value");
        long big = (1L << 62) + 12345;
        Npy.writeInt64(dir.resolve("l.npy"), new long[] {2}, new long[] {big, -big});
        assertArrayEquals(new long[] {big, -big}, Npy.readIntegers(dir.resolve("l.npy")).values());
        assertEquals("<i8", Npy.read(dir.resolve("l.npy")).dtype());
        assertThrows(IllegalArgumentException.class, () -> Npy.writeInt16(dir.resolve("x.npy"), new long[] {1}, new int[] {40000}));
        IOException e = assertThrows(IOException.class, () -> {
            Npy.writeFloat32(dir.resolve("f.npy"), new long[] {1}, new float[] {1});
            Npy.readIntegers(dir.resolve("f.npy"));
        });
        assertTrue(e.getMessage().contains("f.npy"), e.getMessage());
    }

    @Test
    void wrongCountAndBadFilesAreRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> Npy.writeFloat32(dir.resolve("x.npy"), new long[] {2, 2}, new float[3]));
        Files.writeString(dir.resolve("bad.npy"), "not numpy at all");
        IOException e = assertThrows(IOException.class, () -> Npy.read(dir.resolve("bad.npy")));
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
    }
}
