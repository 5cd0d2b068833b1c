package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hass.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search whose trials are safe but whose reports cannot be written exits 1, not 0, and says how to redo them. */
@Tag("slow") // a real search through the CLI on the shared trained LeNet-5 (trained on first use)
class SearchReportFailureTest {

    @Test
    void failedReportsAreAFailedRun(@TempDir Path tmp) throws Exception {
        assumeTrue(SearchExperiments.datasetInstalled(), "Fashion-MNIST not installed");
        Path e = SearchExperiments.tiny(tmp).get(0);
        Path out = tmp.resolve("out");
        Result first = CliHarness.run("search", e.toString(), "--out", out.toString());
        assertEquals(0, first.code(), first.err());
        long trials = Files.readAllLines(out.resolve("trials.jsonl")).size();

        // a folder where a report file belongs: the rerun replays every trial, then regenerating the reports fails
        Files.delete(out.resolve("pareto.csv"));
        Files.createDirectories(out.resolve("pareto.csv").resolve("in-the-way"));
        Result again = CliHarness.run("search", e.toString(), "--out", out.toString());
        assertEquals(1, again.code(), again.out() + again.err());
        assertTrue(again.err().contains("search done, but the reports failed") && again.err().contains("bin/hass report " + out),
                again.err());
        assertEquals(trials, Files.readAllLines(out.resolve("trials.jsonl")).size(), "nothing scored twice");
    }
}
