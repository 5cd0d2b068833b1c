package dev.hass.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Lines as the search wrote them before TrialState existed: they read, and write back byte for byte. */
    @Test
    void logsWrittenWithStringStatesReadAndWriteBackUnchanged(@TempDir Path dir) throws IOException {
        String complete = "{\"number\":1,\"algorithm\":\"nsga2\",\"seed\":1,\"generation\":0,\"state\":\"COMPLETE\","
                + "\"params\":{\"tw.conv1\":0.01},\"values\":{\"accuracy\":0.9},\"constraints\":{\"accuracyDrop\":-0.01},"
                + "\"layers\":[{\"name\":\"conv1\",\"weightSparsity\":0.5,\"activationSparsity\":0.4,\"productSparsity\":0.7,"
                + "\"cycles\":100,\"denseCycles\":200,\"dsp\":9,\"bottleneck\":true}],"
                + "\"startedAt\":\"2026-11-27T13:00:00.000000\",\"completedAt\":\"2026-11-27T13:00:01.000000\","
                + "\"oracleSeconds\":0.5,\"dseSeconds\":0.01}";
        String fail = "{\"number\":2,\"algorithm\":\"random\",\"seed\":1,\"generation\":0,\"state\":\"FAIL\","
                + "\"params\":{\"tw.conv1\":0.2},\"values\":{},\"constraints\":{},\"layers\":[],"
                + "\"oracleSeconds\":0.0,\"dseSeconds\":0.0,\"error\":\"out of memory\"}";
        Path f = dir.resolve(ResultsFiles.TRIALS);
        Files.writeString(f, complete + "\n" + fail + "\n");
        List<Trial> back = TrialLog.read(f);
        assertEquals(TrialState.COMPLETE, back.get(0).state());
        assertEquals(TrialState.FAIL, back.get(1).state());
        assertTrue(back.get(0).feasible());
        assertFalse(back.get(1).feasible());
        assertEquals(complete, TrialLog.toJson(back.get(0)));
        assertEquals(fail, TrialLog.toJson(back.get(1)));
    }

    @Test
    void anUnknownStateIsADamagedLineNamedByFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(ResultsFiles.TRIALS);
        Files.writeString(f, "{\"number\":0,\"algorithm\":\"nsga2\",\"state\":\"RUNNING\"}\n" + TrialLog.toJson(trial(1)) + "\n");
        TrialLog.CorruptLogException e = assertThrows(TrialLog.CorruptLogException.class, () -> TrialLog.read(f));
        assertTrue(e.getMessage().startsWith(f + ":1: not a trial"), e.getMessage());
    }
}
