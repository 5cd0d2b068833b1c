package dev.hass.hardware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformsTest {
    @Test
    void allEightBoardsOfTheTableAreBuiltIn() {
        assertEquals(java.util.List.of("u250", "u200", "vcu1525", "u50", "zcu102", "zcu104", "vc709", "zc706"), Platforms.names());
        Platform u250 = Platforms.get("u250");
        assertEquals(12288, u250.dsp());
        assertEquals(5376, u250.bram18());
        assertEquals(1280, u250.uram());
        assertEquals(1_728_000, u250.lut());
        assertEquals(250e6, u250.frequencyHz());
        Platform zc706 = Platforms.get("ZC706");
        assertEquals(900, zc706.dsp());
        assertEquals(102.4, zc706.dramGbps());
        assertEquals(0, zc706.uram());
    }

    @Test
    void unknownBoardListsTheAllowedOnes() {
        var e = assertThrows(Platforms.PlatformException.class, () -> Platforms.get("u999"));
        assertTrue(e.getMessage().contains("u999") && e.getMessage().contains("zcu102"), e.getMessage());
    }

    @Test
    void userBoardFileLoadsAndBadFieldsAreNamed(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("mine.json");
        Files.writeString(ok, "{\"name\":\"mine\",\"dsp\":100,\"bram18\":50,\"lut\":10000,\"ff\":20000,\"frequencyMhz\":100,\"dramGbps\":10}");
        Platform p = Platforms.resolve(ok.toString());
        assertEquals("mine", p.name());
        assertEquals(0, p.uram());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"bad\",\"dsp\":-3,\"bram18\":50,\"lut\":10000,\"ff\":20000,\"frequencyMhz\":100,\"dramGbps\":10}");
        var e = assertThrows(Platforms.PlatformException.class, () -> Platforms.load(bad));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("'dsp'") && e.getMessage().contains("-3"), e.getMessage());

        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"name\":\"t\",\"dsps\":3}");
        e = assertThrows(Platforms.PlatformException.class, () -> Platforms.load(typo));
        assertTrue(e.getMessage().contains("'dsps'") && e.getMessage().contains("allowed"), e.getMessage());

        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, "{\"name\":\"m\",\"dsp\":3,\"bram18\":50,\"lut\":10000,\"ff\":20000,\"dramGbps\":10}");
        e = assertThrows(Platforms.PlatformException.class, () -> Platforms.load(missing));
        assertTrue(e.getMessage().contains("frequencyMhz"), e.getMessage());
    }
}
