package dev.hass.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.study.Trial;
import dev.hass.study.TrialState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table 2's paired comparison: sign test and evaluations to reach uniform's best. */
class SearchTableTest {
    static Trial trial(int n, String alg, double throughput, boolean feasible) {
        return new Trial(n, alg, 1, 0, TrialState.COMPLETE, Map.of(), Map.of("accuracy", 0.9, "throughput", throughput),
                Map.of("accuracyDrop", feasible ? -0.01 : 0.01), null, null, null, null, 0, 0, null);
    }

    @Test
    void theSignTestIsTheExactBinomialTail() {
        assertEquals(1.0, SearchTable.signTest(0, 0));
        assertEquals(0.25, SearchTable.signTest(3, 0), 1e-12);      // 2 × 0.5³
        assertEquals(0.0625, SearchTable.signTest(0, 5), 1e-12);    // 2 × 0.5⁵
        assertEquals(1.0, SearchTable.signTest(2, 2), 1e-12);
        assertEquals(2 * (1 + 10 + 45) / 1024.0, SearchTable.signTest(8, 2), 1e-12);
    }

    @Test
    void evaluationsToReachCountOnlyTheAlgorithmsTrialsAndOnlyFeasibleOnes() {
        List<Trial> log = new ArrayList<>();
        log.add(trial(0, "uniform", 100, true));
        log.add(trial(1, "uniform", 200, false));    // infeasible: not the target
        log.add(trial(2, "nsga2", 150, false));      // infeasible: does not count as reaching
        log.add(trial(3, "nsga2", 90, true));
        log.add(trial(4, "random", 500, true));
        log.add(trial(5, "nsga2", 100, true));
        assertEquals(3, SearchTable.evaluationsToReach(log, "nsga2", "uniform"));
        assertNull(SearchTable.evaluationsToReach(log.subList(0, 5), "nsga2", "uniform"));
        assertNull(SearchTable.evaluationsToReach(log, "nsga2", "greedy"));
    }

    @Test
    void thePairedVerdictNamesRatiosWinsAndTheMedianEvaluationsToReach() {
        var h = List.of(new SearchTable.Pick(0.9, 0.9, 110, 1, false), new SearchTable.Pick(0.9, 0.9, 105, 1, false),
                new SearchTable.Pick(0.9, 0.9, 99, 1, false));
        var u = List.of(new SearchTable.Pick(0.9, 0.9, 100, 1, false), new SearchTable.Pick(0.9, 0.9, 100, 1, false),
                new SearchTable.Pick(0.9, 0.9, 100, 1, false));
        String v = SearchTable.paired(h, u, java.util.Arrays.asList(30, 50, null));
        assertTrue(v.contains("×0.990–×1.100") && v.contains("2 wins / 1 losses") && v.contains("p = 1.00")
                && v.contains("median 50 evaluations (1 seeds never)"), v);
    }

    @Test
    void aSharedFloorIsATieNotALoss() {
        assertEquals("ties", SearchTable.versus(68106, 68106));
        assertEquals("ties", SearchTable.versus(182816, 182813));
        assertEquals("beats", SearchTable.versus(129751, 124097));
        assertEquals("does NOT beat", SearchTable.versus(148816, 149381));
    }

    @Test
    void aHypervolumeAgainstAUniformSweepWithNoneIsPrintedAsNumbersNotInfinity() {
        assertEquals("×1.50 of uniform's", SearchTable.hvVersus(3, 2));
        assertEquals("0.8 (uniform's 0.0)", SearchTable.hvVersus(0.8, 0));
    }

    @Test
    void theNotesNameEachModelsCheckpointByTheHashOfItsParameters(@TempDir Path dir) throws Exception {
        Path ckpt = Files.createDirectories(dir.resolve("models/lenet5")), search = Files.createDirectories(dir.resolve("task-1"));
        byte[] params = "weights".getBytes(StandardCharsets.UTF_8);
        Files.write(ckpt.resolve("parameters.bin"), params);
        Files.writeString(ckpt.resolve("metadata.json"), "{\"epochs\": 10, \"validationAccuracy\": 0.9055, \"createdAt\": \"2026-12-06T23:00:00Z\"}");
        Files.writeString(search.resolve("experiment.json"), "{\"model\": {\"architecture\": \"lenet5\", \"checkpoint\": \""
                + ckpt.toString().replace("\\", "/") + "\"}}");
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(params)).substring(0, 12);
        List<SearchTable.Run> runs = List.of(new SearchTable.Run("lenet5", "u250", 1, search), new SearchTable.Run("lenet5", "zcu102", 1, search));
        assertEquals("Checkpoints (SHA-256 of parameters.bin, first 12 hex digits): lenet5 " + hash
                + " (10 epochs, validation 0.9055, trained 2026-12-06).", SearchTable.checkpoints(runs));
        Files.delete(ckpt.resolve("parameters.bin"));
        assertTrue(SearchTable.checkpoints(runs).contains("parameters.bin is gone"), SearchTable.checkpoints(runs));
    }
}
