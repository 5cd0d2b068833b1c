package dev.hass.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hass.cli.CliHarness;
import dev.hass.study.TrialLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged middle line of trials.jsonl: one rule for every command that reads the log (exit 2, file:line). */
class DamagedLogTest {
    @TempDir Path tmp;

    @Test
    void searchAndReportRefuseADamagedMiddleLineAlikeWithFileAndLine() throws Exception {
        Path dir = tmp.resolve("damaged");
        AnalyticScorer.runner(AnalyticScorer.experiment(dir.toString(), "random", 6, 1), 0).run();
        Path log = dir.resolve(TrialLog.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.set(2, lines.get(2).substring(0, 40));   // line 3 cut short, trials after it
        Files.write(log, lines);
        byte[] experiment = Files.readAllBytes(dir.resolve("experiment.json"));
        String expected = log.toRealPath() + ":3: not a trial (";

        Path exp = tmp.resolve("e.json");
        Files.writeString(exp, "{\"name\":\"analytic\",\"model\":{\"architecture\":\"lenet5\",\"checkpoint\":\"target/no-such-checkpoint\"}}");
        long t0 = System.nanoTime();
        CliHarness.Result search = CliHarness.run("search", exp.toString(), "--out", dir.toRealPath().toString());
        assertEquals(2, search.code(), search.err());
        assertTrue(search.err().contains(expected), search.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused before the setup");
        assertTrue(java.util.Arrays.equals(experiment, Files.readAllBytes(dir.resolve("experiment.json"))), "nothing rewritten");

        CliHarness.Result report = CliHarness.run("report", dir.toRealPath().toString());
        assertEquals(2, report.code(), report.err());
        assertTrue(report.err().contains(expected), report.err());
        for (CliHarness.Result r : List.of(search, report)) {
            assertFalse(r.err().contains("Exception"), r.err());
            assertTrue(r.err().contains("start a new results folder"), r.err());
        }
    }
}
