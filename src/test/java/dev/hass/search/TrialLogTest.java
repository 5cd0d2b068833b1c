package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hass.study.Trial;
import dev.hass.study.TrialLog;
import dev.hass.study.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialLogTest {
    static Trial trial(int n) {
        return new Trial(n, "nsga2", 1, 0, TrialState.COMPLETE, Map.of("tw.conv1", 0.01 * n),
                Map.of("accuracy", 0.9, "throughput", 1000.0 + n), Map.of("accuracyDrop", -0.01),
                List.of(new Trial.LayerStats("conv1", 0.5, 0.4, 0.7, 100, 200, 9, true)),
                null, "2026-11-27T13:00:00.000000", "2026-11-27T13:00:01.000000", 0.5, 0.01, null);
    }

    @Test
    void appendedTrialsReplayInOrder(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(TrialLog.FILE);
        try (TrialLog log = TrialLog.open(f)) {
            for (int i = 0; i < 3; i++) log.append(trial(i));
        }
        List<Trial> back = TrialLog.read(f);
        assertEquals(List.of(trial(0), trial(1), trial(2)), back);
    }

    @Test
    void tornLastLineIsDroppedAndCutBeforeAppending(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(TrialLog.FILE);
        try (TrialLog log = TrialLog.open(f)) {
            log.append(trial(0));
        }
        Files.writeString(f, "{\"number\":1,\"algo", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(1, TrialLog.read(f).size());
        try (TrialLog log = TrialLog.open(f)) {
            log.append(trial(1));
        }
        assertEquals(List.of(trial(0), trial(1)), TrialLog.read(f));
    }

    @Test
    void corruptLineInTheMiddleIsAnErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(TrialLog.FILE);
        Files.writeString(f, "garbage\n" + TrialLog.toJson(trial(0)) + "\n");
        IOException e = assertThrows(IOException.class, () -> TrialLog.read(f));
        assertEquals(true, e.getMessage().contains(f + ":1: not a trial (Unrecognized token"), e.getMessage());
    }
}
